import { describe, expect, it } from "vitest";
import { logBoost, postScore, rankCandidates, scoreSql, SCORE_MS_PER_POINT } from "../../workers/domain/social/rank";

describe("the feed score", () => {
  it("follows log10 within 0.02 from 1 to 10^8, and rises with every reaction", () => {
    let [previous, worst, rising] = [-1, 0, true];
    for (let x = 1; x <= 100_000; x++) {
      const boost = logBoost(x);
      worst = Math.max(worst, Math.abs(boost - Math.log10(x)));
      rising &&= boost > previous;
      previous = boost;
    }
    expect(worst).toBeLessThan(0.02);
    expect(rising).toBe(true);
    for (const x of [123_456, 9_999_999, 54_321_000, 99_999_999])
      expect(Math.abs(logBoost(x) - Math.log10(x))).toBeLessThan(0.02);
    expect(logBoost(1)).toBe(0);
    expect(logBoost(10)).toBeCloseTo(1, 12);
    expect(logBoost(1e9)).toBe(8);
  });

  it("is age in points of 12.5 hours plus log10(1 + reactions + 2·comments)", () => {
    const t = Date.UTC(2026, 11, 5);
    expect(postScore(t, 0, 0)).toBe(t / SCORE_MS_PER_POINT);
    expect(postScore(t, 9, 0) - postScore(t, 0, 0)).toBeCloseTo(1, 10);
    expect(postScore(t, 1, 0)).toBeLessThan(postScore(t, 0, 1));
    expect(postScore(t, 4, 0)).toBeCloseTo(postScore(t, 0, 2), 12);
    // 9 reactions are worth 12.5 hours of age, no more
    expect(postScore(t, 9, 0)).toBeCloseTo(postScore(t + 12.5 * 3_600_000, 0, 0), 10);
    expect(postScore(t, 9, 0)).toBeLessThan(postScore(t + 13 * 3_600_000, 0, 0));
  });

  it("writes the same curve as SQL, with every breakpoint of the domain's", () => {
    const sql = scoreSql("created_at", "reaction_count", "comment_count");
    expect(sql).toContain(`created_at / ${SCORE_MS_PER_POINT}.0`);
    expect(sql).not.toMatch(/log|ln\(/i);
    expect(sql.match(/WHEN/g)).toHaveLength(57);
  });
});

describe("ranking candidates", () => {
  it("orders by score, then id, drops duplicates and keeps at most `max`", () => {
    const rows = [
      { id: "a", score: 1 },
      { id: "b", score: 3 },
      { id: "c", score: 2 },
      { id: "b", score: 3 },
      { id: "d", score: 2 },
    ];
    expect(rankCandidates(rows)).toEqual(["b", "d", "c", "a"]);
    expect(rankCandidates(rows, 2)).toEqual(["b", "d"]);
    expect(rankCandidates([])).toEqual([]);
  });
});
