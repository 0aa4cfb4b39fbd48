import { describe, expect, it } from "vitest";
import { CATEGORIES } from "../../schemas/lifelog";
import { buildSnapshot, SnapshotRefused, type SnapshotSource } from "../../workers/domain/social/snapshot";

const block = { start: "2026-12-04T09:00:00.000Z", end: "2026-12-04T13:00:00.000Z", category: "work" as const };
const minutes = { ...Object.fromEntries(CATEGORIES.map((c) => [c, 0])), work: 240.4, exercise: 44.6 } as Record<
  (typeof CATEGORIES)[number],
  number
>;
const entry = (visibility: SnapshotSource["visibility"]): SnapshotSource => ({
  visibility,
  found: { kind: "entry", day: "2026-12-04", entry: block },
});
const day = (visibility: SnapshotSource["visibility"]): SnapshotSource => ({
  visibility,
  found: { kind: "day", day: "2026-12-04", blocks: [block], minutes },
});

describe("post snapshots by privacy level", () => {
  it("stats_only: a day is whole minutes per category, an entry is refused", () => {
    const snapshot = buildSnapshot(day("stats_only"), "public");
    expect(snapshot).toMatchObject({
      kind: "day_stats",
      day: "2026-12-04",
      minutes: { work: 240, exercise: 45, sleep: 0 },
    });
    expect(() => buildSnapshot(entry("stats_only"), "public")).toThrow(SnapshotRefused);
  });

  it("anonymized_timeline: the entry or the day's blocks", () => {
    expect(buildSnapshot(entry("anonymized_timeline"), "followers")).toEqual({
      kind: "entry",
      day: "2026-12-04",
      entry: block,
    });
    expect(buildSnapshot(day("anonymized_timeline"), "public")).toEqual({
      kind: "day_timeline",
      day: "2026-12-04",
      blocks: [block],
    });
  });

  it("private: only a private post may carry it", () => {
    for (const visibility of ["public", "followers"] as const) {
      expect(() => buildSnapshot(day("private"), visibility)).toThrow(/private/);
      expect(() => buildSnapshot(entry("private"), visibility)).toThrow(SnapshotRefused);
    }
    expect(buildSnapshot(entry("private"), "private")).toMatchObject({ kind: "entry" });
  });

  it("an entry that was not found is refused whatever the level", () => {
    expect(() => buildSnapshot({ visibility: "anonymized_timeline", found: null }, "public")).toThrow(
      /timelineEntryId/,
    );
  });
});
