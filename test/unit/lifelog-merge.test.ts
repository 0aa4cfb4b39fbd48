import { describe, expect, it } from "vitest";
import { dayBounds } from "../../workers/domain/lifelog/days";
import { entryIdOf, eventIdOfEntry, mergeTimeline } from "../../workers/domain/lifelog/merge";
import type { ClassifiedEvent } from "../../workers/domain/lifelog/types";

const MIN = 60_000;
const HOUR = 60 * MIN;
const SEOUL = dayBounds("2026-05-04", "Asia/Seoul");
const PULSE = 5 * MIN;
/** Seoul wall clock on 2026-05-04 ("09:30") as epoch ms. */
const t = (hhmm: string) => SEOUL.start + Number(hhmm.slice(0, 2)) * HOUR + Number(hhmm.slice(3)) * MIN;

function ev(eventId: string, from: string, to: string, patch: Partial<ClassifiedEvent> = {}): ClassifiedEvent {
  return {
    eventId,
    source: "location",
    start: t(from),
    end: t(to),
    category: "work",
    confidence: 0.8,
    classifiedBy: "baseline",
    place: null,
    ...patch,
  };
}

const office = ev("office", "09:00", "18:00", { place: "office" });
const youtube = ev("yt", "12:00", "12:30", { source: "screen_time", category: "leisure" });
const shape = (blocks: ReturnType<typeof mergeTimeline>) =>
  blocks.map((b) => ({ start: b.start, end: b.end, category: b.category }));

describe("merging a day's events into blocks", () => {
  it("a 30-minute YouTube inside a 9-hour office block splits it into three", () => {
    const blocks = mergeTimeline([office, youtube], SEOUL, PULSE);
    expect(shape(blocks)).toEqual([
      { start: t("09:00"), end: t("12:00"), category: "work" },
      { start: t("12:00"), end: t("12:30"), category: "leisure" },
      { start: t("12:30"), end: t("18:00"), category: "work" },
    ]);
    expect(blocks[1]!.geo.place).toBe("office");
  });

  it("an overlap goes to the higher-priority source for as long as it lasts", () => {
    const meeting = ev("cal", "10:30", "11:30", { source: "calendar", category: "social" });
    const gym = ev("gym", "10:00", "11:00", { category: "exercise", place: "gym" });
    const blocks = mergeTimeline([gym, meeting], SEOUL, PULSE);
    expect(shape(blocks)).toEqual([
      { start: t("10:00"), end: t("10:30"), category: "exercise" },
      { start: t("10:30"), end: t("11:30"), category: "social" },
    ]);
    expect(blocks[1]!.source).toBe("calendar");
  });

  it("a corrected event beats every source, and among equals the more confident then the shorter wins", () => {
    const manual = ev("m", "10:00", "11:00", { source: "manual", category: "rest", confidence: 1 });
    const corrected = ev("c", "10:00", "11:00", { category: "study", classifiedBy: "correction" });
    expect(mergeTimeline([manual, corrected], SEOUL, PULSE).map((b) => b.category)).toEqual(["study"]);
    const sure = ev("a", "10:00", "12:00", { source: "calendar", category: "work", confidence: 0.9 });
    const unsure = ev("b", "10:00", "11:00", { source: "calendar", category: "social", confidence: 0.6 });
    expect(mergeTimeline([sure, unsure], SEOUL, PULSE).map((b) => b.category)).toEqual(["work"]);
    const long = ev("long", "10:00", "12:00", { source: "calendar", category: "work" });
    const short = ev("short", "10:30", "11:00", { source: "calendar", category: "social" });
    expect(shape(mergeTimeline([long, short], SEOUL, PULSE)).map((b) => b.category)).toEqual([
      "work",
      "social",
      "work",
    ]);
  });

  it("overlapping and adjacent events of one category join into one block that lists them all", () => {
    const slack = ev("slack", "09:30", "10:00", { source: "screen_time" });
    const standup = ev("standup", "10:00", "10:15", { source: "calendar" });
    const blocks = mergeTimeline([standup, office, slack], SEOUL, PULSE);
    expect(shape(blocks)).toEqual([{ start: t("09:00"), end: t("18:00"), category: "work" }]);
    expect(blocks[0]!.sourceEventIds).toEqual(["office", "slack", "standup"]);
    expect(blocks[0]!.source).toBe("location");
  });

  it("lists a same-category event a block was split around in each piece it overlaps", () => {
    const blocks = mergeTimeline([office, youtube], SEOUL, PULSE);
    expect(blocks.map((b) => b.sourceEventIds)).toEqual([["office"], ["yt"], ["office"]]);
  });

  it("joins equal categories across a gap shorter than the pulse window and not across a longer one", () => {
    const first = ev("a", "09:00", "10:00");
    expect(mergeTimeline([first, ev("b", "10:04", "11:00")], SEOUL, PULSE)).toHaveLength(1);
    expect(mergeTimeline([first, ev("b", "10:04", "11:00")], SEOUL, PULSE)[0]!.end).toBe(t("11:00"));
    expect(mergeTimeline([first, ev("b", "10:06", "11:00")], SEOUL, PULSE)).toHaveLength(2);
  });

  it("never joins different categories across a gap", () => {
    const blocks = mergeTimeline(
      [ev("a", "09:00", "10:00"), ev("b", "10:01", "11:00", { category: "rest" })],
      SEOUL,
      PULSE,
    );
    expect(shape(blocks).map((b) => b.category)).toEqual(["work", "rest"]);
  });

  it("clips events to the day", () => {
    const night = {
      ...ev("sleep", "00:00", "07:00", { source: "health", category: "sleep" }),
      start: t("00:00") - 2 * HOUR,
    };
    const late = { ...ev("late", "23:00", "23:30", { category: "leisure" }), end: t("23:00") + 3 * HOUR };
    const blocks = mergeTimeline([night, late], SEOUL, PULSE);
    expect(blocks[0]!.start).toBe(SEOUL.start);
    expect(blocks[1]!.end).toBe(SEOUL.end);
    expect(mergeTimeline([{ ...night, end: SEOUL.start }], SEOUL, PULSE)).toEqual([]);
  });

  it("weights confidence by time and says why the block has its category", () => {
    const blocks = mergeTimeline(
      [
        ev("a", "09:00", "10:00", { confidence: 0.9, classifiedBy: "learned" }),
        ev("b", "10:00", "13:00", { confidence: 0.5 }),
      ],
      SEOUL,
      PULSE,
    );
    expect(blocks[0]!.confidence).toBeCloseTo((0.9 + 3 * 0.5) / 4, 3);
    expect(blocks[0]!.classifiedBy).toBe("learned");
  });

  it("on New York's 23-hour day a night-to-night set of events fills exactly 23 hours", () => {
    const day = dayBounds("2026-03-08", "America/New_York");
    const sleep = { ...ev("s", "00:00", "00:00", { source: "health", category: "sleep" }) };
    const blocks = mergeTimeline([{ ...sleep, start: day.start - HOUR, end: day.end + HOUR }], day, PULSE);
    expect(blocks).toHaveLength(1);
    expect((blocks[0]!.end - blocks[0]!.start) / HOUR).toBe(23);
  });

  it("on New York's 25-hour day the repeated hour belongs to the day once", () => {
    const day = dayBounds("2026-11-01", "America/New_York");
    const events = [
      { ...ev("a", "00:00", "00:00"), start: day.start, end: day.start + 2 * HOUR, category: "sleep" as const },
      { ...ev("b", "00:00", "00:00"), start: day.start + 2 * HOUR, end: day.end + HOUR, category: "rest" as const },
    ];
    const blocks = mergeTimeline(events, day, PULSE);
    expect(blocks.map((b) => (b.end - b.start) / HOUR)).toEqual([2, 23]);
  });
});

describe("timeline entry ids", () => {
  it("round-trip every valid event id, short and long", () => {
    for (const id of ["a", "ev-1", "user@device:2026-05-04T09:00.123", "x".repeat(128)]) {
      const entry = entryIdOf(id);
      expect(entry).toMatch(/^tl_[A-Za-z0-9_-]{6,200}$/);
      expect(eventIdOfEntry(entry)).toBe(id);
    }
    expect(eventIdOfEntry(entryIdOf("x".repeat(128), 999))).toBe("x".repeat(128));
  });

  it("give two blocks led by one event different ids", () => {
    const blocks = mergeTimeline([office, youtube], SEOUL, PULSE);
    expect(new Set(blocks.map((b) => b.id)).size).toBe(3);
    expect(blocks.map((b) => eventIdOfEntry(b.id))).toEqual(["office", "yt", "office"]);
  });

  it("name the block's earliest winning event", () => {
    const late = ev("late", "10:00", "11:00", { source: "calendar" });
    const early = ev("early", "09:00", "10:00", { source: "screen_time" });
    expect(eventIdOfEntry(mergeTimeline([late, early], SEOUL, PULSE)[0]!.id)).toBe("early");
  });

  it("reject garbage, foreign encodings and ids we never hand out", () => {
    const bad = ["", "tl_", "tl_!!!!!!", "xx_YWJjZGVm", "tl_YWJjZGVm", `tl_${"A".repeat(201)}`];
    for (const id of bad) expect(eventIdOfEntry(id)).toBeNull();
    // "v1:a b" decodes but names no valid event id
    expect(eventIdOfEntry(`tl_${btoa("v1:a b").replace(/=+$/, "")}`)).toBeNull();
    // same bytes, non-canonical trailing bits
    const canonical = entryIdOf("ab");
    const last = canonical.at(-1)!;
    expect(eventIdOfEntry(canonical.slice(0, -1) + String.fromCharCode(last.charCodeAt(0) + 1))).toBeNull();
  });
});
