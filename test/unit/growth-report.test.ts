import { describe, expect, it } from "vitest";
import { StatsQuerySchema, statsRange } from "../../schemas/retrospects";
import { buildReport, followed, moodTrend, themes, weeklyStats, type Entry } from "../../workers/domain/growth-report";
import { OFFLINE_PHRASES } from "../../workers/domain/cue-words";
import { terms } from "../../workers/domain/text";

const day = (d: number) => Date.UTC(2026, 10, d, 12);
const entry = (d: number, mood: number | null, content: string, feedback?: Partial<Entry["feedback"]>): Entry => ({
  content,
  mood,
  tags: [],
  createdAt: day(d),
  feedback: feedback
    ? { summary: "s", strengths: [], weaknesses: [], keepDoing: [], recommendations: ["r"], ...feedback }
    : null,
});

describe("growth reports", () => {
  it("finds themes that recur across entries, in Korean and English", () => {
    expect(themes([["Missed the deadline again"], ["deadline slipped"], ["good standup"]])[0]).toEqual({
      theme: "deadline",
      count: 2,
    });
    expect(themes([["회의 준비가 부족했다"], ["회의 시간이 길었다"]])[0]?.theme).toBe("회의");
  });

  it("counts a recommendation as followed when a later entry talks about it", () => {
    expect(
      followed("Block two hours of focus time every morning", [
        new Set(terms("This week I blocked focus time each morning")),
      ]),
    ).toBe(true);
    expect(followed("Block two hours of focus time every morning", [new Set(terms("Lunch was nice"))])).toBe(false);
  });

  it("reads the mood trend from the first half to the second", () => {
    expect(moodTrend([entry(1, 2, "a"), entry(2, 2, "b"), entry(3, 4, "c"), entry(4, 5, "d")]).direction).toBe("up");
    expect(moodTrend([entry(1, 5, "a"), entry(2, 2, "b")]).direction).toBe("down");
    expect(moodTrend([entry(1, null, "a")]).direction).toBe("unknown");
  });

  it("summarises a period with recurring weaknesses as the next focus", () => {
    const report = buildReport(
      [
        entry(1, 3, "Shipped the API.", {
          strengths: ["shipped the API"],
          weaknesses: ["late code reviews"],
          recommendations: ["review code before noon"],
        }),
        entry(3, 4, "I did code review before noon every day.", { weaknesses: ["code reviews piled up"] }),
      ],
      "en",
    );
    expect(report.entries).toBe(2);
    expect(report.recurringWeaknesses[0]?.theme).toBe("code");
    expect(report.recommendations[0]).toEqual({ text: "review code before noon", followed: true });
    expect(report.nextFocus).toContain("code");
  });

  it("shows Korean themes as nouns without their particles", () => {
    const found = themes([
      ["동료에게 일찍 도움을 요청했으면 좋았을 것이다."],
      ["요청에 답하지 못했다."],
      ["리뷰 요청을 미뤘다."],
    ]);
    expect(found[0]).toEqual({ theme: "요청", count: 3 });
    expect(found.map((t) => t.theme)).not.toContain("요청에");
  });

  it("skips the sentences that only say a section was empty", () => {
    const empty = [OFFLINE_PHRASES.en.empty.positive, OFFLINE_PHRASES.en.empty.positive];
    expect(themes([empty, empty, [OFFLINE_PHRASES.en.noSignal]])).toEqual([]);
  });

  it("says plainly there is nothing to recommend instead of recommending 'nothing stood out'", () => {
    const quiet = (d: number) =>
      entry(d, 3, "It rained.", {
        strengths: [OFFLINE_PHRASES.en.empty.positive],
        weaknesses: [OFFLINE_PHRASES.en.empty.negative],
        recommendations: [OFFLINE_PHRASES.en.empty.action],
      });
    const en = buildReport([quiet(1), quiet(2)], "en");
    expect(en.recommendations).toEqual([]);
    expect(en.recurringWeaknesses).toEqual([]);
    expect(en.nextFocus).toBe("Nothing in this period calls for a change, so there is no recommendation this time.");
    const old = entry(3, 3, "비가 왔다.", { recommendations: [OFFLINE_PHRASES.ko.noSignal] });
    const ko = buildReport([old], "ko");
    expect(ko.recommendations).toEqual([]);
    expect(ko.nextFocus).toBe("이번 기간에는 되풀이되는 아쉬운 점이 없어 따로 권할 것이 없어요.");
  });

  it("writes the next focus in Korean for Korean users", () => {
    expect(buildReport([], "ko").nextFocus).toMatch(/회고/);
  });

  it("buckets entries by Monday-start week", () => {
    const weeks = weeklyStats(
      [
        { weekStart: Date.UTC(2026, 10, 23), entries: 2, moodSum: 6, moods: 2 },
        { weekStart: Date.UTC(2026, 10, 30), entries: 1, moodSum: 0, moods: 0 },
      ],
      "2026-11-23",
      "2026-12-06",
    );
    expect(weeks).toEqual([
      { week: "2026-11-23", entries: 2, moodAverage: 3 },
      { week: "2026-11-30", entries: 1, moodAverage: null },
    ]);
  });

  it("counts its weeks from the two days, so no pair of days can make it loop", () => {
    expect(weeklyStats([], "2026-12-07", "2026-12-01")).toEqual([]);
    expect(weeklyStats([], "2000-01-01", "2099-12-31")).toHaveLength(5219);
    // the old string-stepping loop never left either of these (the tenth millennium's ISO years need a sign)
    expect(weeklyStats([], "9999-12-20", "9999-12-31")).toHaveLength(2);
    expect(weeklyStats([], "0000-01-01", "0000-01-31")).toHaveLength(6);
    expect(weeklyStats([], "not a day", "2026-12-01")).toEqual([]);
  });
});

describe("stats query", () => {
  const parse = (query: Record<string, string>) => StatsQuerySchema.safeParse(query);

  it("refuses days outside 2000–2099, whose ISO strings do not sort or slice as days", () => {
    for (const day of ["0000-01-01", "9999-12-31", "1999-12-31", "+010000-01-01"]) {
      expect(parse({ to: day }).success, day).toBe(false);
      expect(parse({ from: day, to: "2026-01-01" }).success, day).toBe(false);
    }
  });

  it("accepts a span of up to 366 days and refuses a longer or reversed one", () => {
    expect(parse({ from: "2024-01-01", to: "2024-12-31" }).success).toBe(true);
    expect(parse({ from: "2024-01-01", to: "2025-01-02" }).success).toBe(false);
    expect(parse({ from: "2026-12-01", to: "2026-01-01" }).success).toBe(false);
    expect(parse({ from: "2000-01-01" }).success).toBe(false);
  });

  it("defaults to the twelve weeks before today", () => {
    expect(statsRange({}, Date.parse("2026-12-05T10:00:00Z"))).toEqual({ from: "2026-09-13", to: "2026-12-05" });
  });
});
