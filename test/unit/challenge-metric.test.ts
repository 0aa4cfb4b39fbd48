import { describe, expect, it } from "vitest";
import { CATEGORIES, type Category } from "../../schemas/lifelog";
import {
  dayContribution,
  dayMidpoint,
  metricValue,
  sleepOnset,
  weeksElapsed,
  WEEK_MS,
} from "../../workers/domain/social/challenge-metric";
import { endedNotice, reachedNotice } from "../../workers/domain/social/challenge-text";

const SLEEP = CATEGORIES.indexOf("sleep");

/** A day's hours grid with `sleep` minutes in the given local hours. */
function grid(sleep: Record<number, number>, extra: { hour: number; category: Category; minutes: number }[] = []) {
  const hours = new Array<number>(24 * CATEGORIES.length).fill(0);
  for (const [h, m] of Object.entries(sleep)) hours[Number(h) * CATEGORIES.length + SLEEP] = m;
  for (const e of extra) hours[e.hour * CATEGORIES.length + CATEGORIES.indexOf(e.category)] = e.minutes;
  return hours;
}
const minutes = (m: Partial<Record<Category, number>>) =>
  Object.fromEntries(CATEGORIES.map((c) => [c, m[c] ?? 0])) as Record<Category, number>;
const day = (over: { minutes?: Partial<Record<Category, number>>; hours?: number[]; exercise?: boolean }) => ({
  minutes: minutes(over.minutes ?? {}),
  hours: over.hours ?? grid({}),
  exercise: over.exercise ?? false,
});
const clock = (h: number, m = 0) => h * 60 + m;

describe("sleep onset from the hours grid", () => {
  it("is when the evening's sleep began, inside its first hour", () => {
    // asleep 22:20 → midnight, after a night that carried over until 06:30
    expect(sleepOnset(grid({ 0: 60, 1: 60, 2: 60, 3: 60, 4: 60, 5: 60, 6: 30, 22: 40, 23: 60 }))).toBe(clock(22, 20));
  });

  it("reads the small hours as later than the evening", () => {
    // no sleep before midnight; asleep at 01:15 until 08:00
    expect(sleepOnset(grid({ 1: 45, 2: 60, 3: 60, 4: 60, 5: 60, 6: 60, 7: 60 }))).toBe(clock(25, 15));
  });

  it("skips naps and the night carried over from yesterday", () => {
    expect(sleepOnset(grid({ 0: 60, 1: 60, 2: 60, 14: 30, 15: 20 }))).toBeNull();
    expect(sleepOnset(grid({ 0: 60, 1: 60, 14: 30, 15: 20, 23: 30 }))).toBe(clock(23, 30));
  });

  it("is null for a day without sleep", () => {
    expect(sleepOnset(grid({}))).toBeNull();
  });
});

describe("a day's contribution", () => {
  it("counts a category's minutes", () => {
    const metric = { kind: "category_minutes_per_week", category: "study" } as const;
    expect(dayContribution(metric, day({ minutes: { study: 95.5, work: 300 } }))).toBe(95.5);
  });

  it("counts a day with exercise once", () => {
    expect(dayContribution({ kind: "exercise_days" }, day({ exercise: true }))).toBe(1);
    expect(dayContribution({ kind: "exercise_days" }, day({ exercise: false }))).toBe(0);
  });

  it("counts a day whose sleep began before the time", () => {
    const metric = { kind: "sleep_before", time: "23:00" } as const;
    expect(dayContribution(metric, day({ hours: grid({ 22: 30, 23: 60 }) }))).toBe(1);
    expect(dayContribution(metric, day({ hours: grid({ 23: 30 }) }))).toBe(0);
    expect(dayContribution(metric, day({ hours: grid({ 1: 60, 2: 60, 3: 60 }) }))).toBe(0);
  });

  it("reads a time after midnight on the night clock", () => {
    const metric = { kind: "sleep_before", time: "01:00" } as const;
    expect(dayContribution(metric, day({ hours: grid({ 23: 60 }) }))).toBe(1);
    expect(dayContribution(metric, day({ hours: grid({ 0: 30, 1: 60, 2: 60, 3: 60 }) }))).toBe(1);
    expect(dayContribution(metric, day({ hours: grid({ 1: 30, 2: 60, 3: 60 }) }))).toBe(0);
  });
});

describe("values", () => {
  const window = { startAt: Date.parse("2026-12-07T00:00:00Z"), endAt: Date.parse("2026-12-28T00:00:00Z") };

  it("divides minutes by the weeks elapsed, never fewer than one", () => {
    const metric = { kind: "category_minutes_per_week", category: "exercise" } as const;
    expect(weeksElapsed(window, window.startAt + 86_400_000)).toBe(1);
    expect(metricValue(metric, 300, window, window.startAt + 2 * WEEK_MS)).toBe(150);
    expect(metricValue(metric, 300, window, window.endAt + 10 * WEEK_MS)).toBe(100);
  });

  it("keeps day counts as they are", () => {
    expect(metricValue({ kind: "exercise_days" }, 4, window, window.endAt)).toBe(4);
  });

  it("places a day in a window by its middle, in its own zone", () => {
    expect(new Date(dayMidpoint("2026-12-07", "Asia/Seoul")).toISOString()).toBe("2026-12-07T03:00:00.000Z");
    expect(new Date(dayMidpoint("2026-12-07", "UTC")).toISOString()).toBe("2026-12-07T12:00:00.000Z");
  });
});

describe("notices", () => {
  it("speaks Korean and English", () => {
    const challenge = { title: "주 3회 운동", target: 3 };
    expect(reachedNotice("ko", challenge).title).toBe("도전 목표 달성: 주 3회 운동");
    expect(reachedNotice("en", challenge).body).toContain("reached the target of 3");
    expect(endedNotice("ko", challenge, 2, 5).body).toContain("5명 중 2위");
    expect(endedNotice("en", challenge, 1, 1_200).body).toContain("rank is 1 of 1,200");
  });
});
