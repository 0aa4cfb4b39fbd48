import { describe, expect, it } from "vitest";
import { addDays } from "../../workers/domain/lifelog/days";
import { fitLine, forecastCategory, mondayOf, weekdayShares, type DayMinutes } from "../../workers/domain/forecast";
import { monthlyReport, type DayTotals } from "../../workers/domain/monthly-report";
import { signShareToken, verifyShareToken } from "../../workers/domain/share-token";
import { CATEGORIES, type CategoryMinutes } from "../../schemas/lifelog";

const TODAY = "2026-12-05"; // a Saturday; its week starts Monday 2026-11-30
const THIS_WEEK = "2026-11-30";

/** `weeks` complete weeks before TODAY's week, each weekday's minutes from `minutesOf(week, weekday)`. */
function history(weeks: number, minutesOf: (week: number, weekday: number) => number): DayMinutes[] {
  const first = addDays(THIS_WEEK, -7 * weeks);
  return Array.from({ length: weeks * 7 }, (_, i) => ({
    day: addDays(first, i),
    minutes: minutesOf(Math.floor(i / 7), i % 7),
  }));
}

describe("fitLine", () => {
  it("recovers an exact line with no residual and R² 1", () => {
    const fit = fitLine([10, 20, 30, 40]);
    expect(fit.slope).toBeCloseTo(10);
    expect(fit.intercept).toBeCloseTo(10);
    expect(fit.sigma).toBeCloseTo(0);
    expect(fit.r2).toBe(1);
  });

  it("measures scatter around the line as the residual standard deviation", () => {
    const fit = fitLine([10, 30, 10, 30]);
    expect(fit.slope).toBeCloseTo(4);
    expect(fit.sigma).toBeGreaterThan(10);
    expect(fit.r2!).toBeLessThan(0.2);
  });
});

describe("forecastCategory", () => {
  it("follows a rising trend and spreads each projected week by the weekday profile", () => {
    // weekdays only (Mon–Fri), 10 minutes more a day each week: the weekly total rises by 50
    const days = history(12, (w, d) => (d < 5 ? 60 + 10 * w : 0));
    const f = forecastCategory(days, TODAY);
    expect(f.weeksWithData).toBe(12);
    expect(f.trend.perWeek).toBeCloseTo(50, 0);
    expect(f.trend.r2).toBe(1);
    expect(f.projection.map((p) => p.weekStart)).toEqual([0, 1, 2, 3].map((k) => addDays(THIS_WEEK, 7 * k)));
    // week 12 (this week) continues the line: 5 × (60 + 120) = 900
    expect(f.projection[0]!.minutes).toBeCloseTo(900, 0);
    expect(f.projection[3]!.minutes).toBeCloseTo(1050, 0);
    expect(f.weekdayShare.slice(5)).toEqual([0, 0]);
    expect(f.projection[0]!.byWeekday[0]).toBeCloseTo(180, 0);
    expect(f.confidence).toBe("high");
    expect(f.reasons.en).toMatch(/12 weeks/);
    expect(f.reasons.ko).toMatch(/12주/);
  });

  it("widens the band with noisy weeks and lowers its confidence", () => {
    const days = history(12, (w, d) => (d === 0 ? (w % 2 === 0 ? 600 : 60) : 0));
    const f = forecastCategory(days, TODAY);
    const p = f.projection[0]!;
    expect(f.sigma).toBeGreaterThan(250);
    expect(p.high - p.minutes).toBeGreaterThan(1.96 * f.sigma);
    expect(p.low).toBe(0); // the band is cut at zero minutes
    expect(f.confidence).toBe("low");
    expect(f.reasons.en).toMatch(/vary too much/);
  });

  it("is low confidence, and says why, with only two weeks of data", () => {
    const days = history(2, () => 30);
    const f = forecastCategory(days, TODAY);
    expect(f.weeksWithData).toBe(2);
    expect(f.confidence).toBe("low");
    expect(f.reasons.en).toMatch(/Only 2 week/);
    expect(f.projection[0]!.minutes).toBeCloseTo(210, 0);
    expect(f.projection[0]!.high).toBeGreaterThan(f.projection[0]!.minutes);
  });

  it("never crashes on no data: zeros, an even weekday profile and low confidence", () => {
    const f = forecastCategory([], TODAY);
    expect(f.history).toEqual([]);
    expect(f.projection.every((p) => p.minutes === 0 && p.low === 0)).toBe(true);
    expect(f.weekdayShare.every((s) => Math.abs(s - 1 / 7) < 0.001)).toBe(true);
    expect(f.confidence).toBe("low");
  });

  it("does not count the weeks before someone started as zero", () => {
    const days = history(12, (w) => (w >= 6 ? 100 : 0));
    const f = forecastCategory(days, TODAY);
    expect(f.history).toHaveLength(6);
    expect(f.trend.perWeek).toBeCloseTo(0);
    expect(f.projection[0]!.minutes).toBeCloseTo(700, 0);
  });

  it("never projects negative minutes for a falling trend", () => {
    const days = history(8, (w) => Math.max(0, 100 - 15 * w));
    const f = forecastCategory(days, TODAY);
    expect(f.projection.every((p) => p.minutes >= 0 && p.low >= 0)).toBe(true);
  });

  it("finds Monday and the weekday shares", () => {
    expect(mondayOf(TODAY)).toBe(THIS_WEEK);
    expect(mondayOf(THIS_WEEK)).toBe(THIS_WEEK);
    expect(
      weekdayShares([
        { day: THIS_WEEK, minutes: 30 },
        { day: addDays(THIS_WEEK, 2), minutes: 90 },
      ]),
    ).toEqual([0.25, 0, 0.75, 0, 0, 0, 0]);
  });
});

const minutes = (m: Partial<CategoryMinutes>) =>
  Object.fromEntries(CATEGORIES.map((c) => [c, m[c] ?? 0])) as CategoryMinutes;

describe("monthlyReport", () => {
  it("compares the last 30 days with the 30 before, biggest changes first", () => {
    const days: DayTotals[] = [
      { day: TODAY, minutes: minutes({ exercise: 60, work: 100 }) },
      { day: addDays(TODAY, -1), minutes: minutes({ exercise: 30 }) },
      { day: addDays(TODAY, -40), minutes: minutes({ work: 400, study: 50 }) },
      { day: addDays(TODAY, -70), minutes: minutes({ work: 999 }) }, // outside both windows
    ];
    const r = monthlyReport(days, TODAY);
    expect(r.current).toMatchObject({ from: addDays(TODAY, -29), to: TODAY, daysLogged: 2 });
    expect(r.previous).toMatchObject({ from: addDays(TODAY, -59), to: addDays(TODAY, -30), daysLogged: 1 });
    expect(r.topChanges.map((c) => [c.category, c.change])).toEqual([
      ["work", -300],
      ["exercise", 90],
      ["study", -50],
    ]);
    expect(r.changes.find((c) => c.category === "work")!.percent).toBe(-75);
    expect(r.changes.find((c) => c.category === "exercise")!.percent).toBeNull();
  });

  it("counts the longest streak and the one that reaches yesterday", () => {
    const logged = [-20, -19, -18, -17, -5, -2, -1].map((n) => ({
      day: addDays(TODAY, n),
      minutes: minutes({ rest: 10 }),
    }));
    const r = monthlyReport(logged, TODAY);
    expect(r.streaks).toEqual({ longest: 4, current: 2 });
  });

  it("answers an empty month without failing", () => {
    const r = monthlyReport([], TODAY);
    expect(r.current.daysLogged).toBe(0);
    expect(r.topChanges).toEqual([]);
    expect(r.streaks).toEqual({ longest: 0, current: 0 });
  });
});

describe("share tokens", () => {
  const secret = "a-secret-of-at-least-thirty-two-characters";
  const now = 1_800_000_000;

  it("verifies its own token and hands back the payload", async () => {
    const token = await signShareToken(secret, { r: "rep_1", e: now + 60 });
    expect(await verifyShareToken(secret, token, now)).toEqual({ ok: true, payload: { r: "rep_1", e: now + 60 } });
  });

  it("refuses a token with any character changed, or signed with another key", async () => {
    const token = await signShareToken(secret, { r: "rep_1", e: now + 60 });
    for (let i = 0; i < token.length; i++) {
      if (token[i] === ".") continue;
      const swapped = token.slice(0, i) + (token[i] === "A" ? "B" : "A") + token.slice(i + 1);
      expect((await verifyShareToken(secret, swapped, now)).ok, `position ${i}`).toBe(false);
    }
    expect(await verifyShareToken("another-secret-of-thirty-two-characters!", token, now)).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect((await verifyShareToken(secret, "garbage", now)).ok).toBe(false);
  });

  it("refuses an expired token as expired", async () => {
    const token = await signShareToken(secret, { r: "rep_1", e: now - 1 });
    expect(await verifyShareToken(secret, token, now)).toEqual({ ok: false, reason: "expired" });
  });
});
