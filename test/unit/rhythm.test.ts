import { describe, expect, it } from "vitest";
import { CATEGORIES, type Category } from "../../schemas/lifelog";
import {
  RHYTHM_DIMENSIONS,
  bucketOf,
  padTo,
  rhythmVector,
  weekdayOf,
  type DayHours,
} from "../../workers/domain/lifelog/rhythm";

/** A day with `minutes` of `category` in each of the given local hours. */
function day(date: string, blocks: [Category, number[], number?][]): DayHours {
  const hours = new Array<number>(24 * CATEGORIES.length).fill(0);
  for (const [category, at, minutes = 60] of blocks)
    for (const h of at) hours[h * CATEGORIES.length + CATEGORIES.indexOf(category)] = minutes;
  return { day: date, hours };
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);

// 2026-12-07 is a Monday
const earlyBird = (date: string): DayHours =>
  day(date, [
    ["sleep", range(0, 6)],
    ["exercise", [6]],
    ["work", range(8, 17)],
    ["leisure", range(18, 22)],
  ]);
const nightOwl = (date: string): DayHours =>
  day(date, [
    ["leisure", range(0, 4)],
    ["sleep", range(5, 13)],
    ["study", range(14, 20)],
    ["social", range(20, 24)],
  ]);

describe("rhythm vectors", () => {
  it("reads the weekday from the day string, Monday first", () => {
    expect(["2026-12-07", "2026-12-12", "2026-12-13"].map(weekdayOf)).toEqual([0, 5, 6]);
  });

  it("put a Monday's working morning in the Monday-morning work dimension", () => {
    const v = rhythmVector([day("2026-12-07", [["work", [9, 10]]])])!;
    expect(v).toHaveLength(RHYTHM_DIMENSIONS);
    expect(v[bucketOf(0, 9, CATEGORIES.indexOf("work"))]).toBeCloseTo(1, 12);
    expect(v.filter((x) => x !== 0)).toHaveLength(1);
  });

  it("have unit length", () => {
    const v = rhythmVector([earlyBird("2026-12-07"), earlyBird("2026-12-08")])!;
    expect(Math.hypot(...v)).toBeCloseTo(1, 12);
  });

  it("make two people with the same habits alike however much of the day each one logs", () => {
    const everything = rhythmVector([earlyBird("2026-12-07"), earlyBird("2026-12-14")])!;
    const mornings = rhythmVector([day("2026-12-07", [["work", range(8, 12)]])])!;
    const sameMornings = rhythmVector([day("2026-12-14", [["work", [9]]])])!;
    expect(dot(mornings, sameMornings)).toBeCloseTo(1, 12);
    expect(dot(everything, mornings)).toBeGreaterThan(0);
  });

  it("tell an early bird from a night owl", () => {
    const week = range(7, 14).map((d) => `2026-12-${String(d).padStart(2, "0")}`);
    const a = rhythmVector(week.map(earlyBird))!;
    const b = rhythmVector(week.map(earlyBird))!;
    const owl = rhythmVector(week.map(nightOwl))!;
    expect(dot(a, b)).toBeCloseTo(1, 12);
    expect(dot(a, owl)).toBeLessThan(0.3);
  });

  it("tell a weekday worker from a weekend worker", () => {
    const weekdays = rhythmVector([day("2026-12-07", [["work", range(9, 17)]])])!;
    const saturday = rhythmVector([day("2026-12-12", [["work", range(9, 17)]])])!;
    expect(dot(weekdays, saturday)).toBe(0);
  });

  it("are null for someone with no logged time, and skip malformed days", () => {
    expect(rhythmVector([])).toBeNull();
    expect(rhythmVector([day("2026-12-07", [])])).toBeNull();
    expect(rhythmVector([{ day: "2026-12-07", hours: [60, 60] }])).toBeNull();
  });

  it("count at most an hour per hour and category", () => {
    const inflated = rhythmVector([
      day("2026-12-07", [
        ["work", [9], 6000],
        ["rest", [10], 60],
      ]),
    ])!;
    const work = inflated[bucketOf(0, 9, CATEGORIES.indexOf("work"))]!;
    const rest = inflated[bucketOf(0, 10, CATEGORIES.indexOf("rest"))]!;
    expect(work).toBeCloseTo(rest, 12);
  });

  it("pad with zeros to an index's dimension and refuse a smaller one", () => {
    const v = rhythmVector([earlyBird("2026-12-07")])!;
    const padded = padTo(v, 384);
    expect(padded).toHaveLength(384);
    expect(dot(padded.slice(0, RHYTHM_DIMENSIONS), v)).toBeCloseTo(1, 12);
    expect(padded.slice(RHYTHM_DIMENSIONS).every((x) => x === 0)).toBe(true);
    expect(() => padTo(v, 256)).toThrow(RangeError);
  });
});
