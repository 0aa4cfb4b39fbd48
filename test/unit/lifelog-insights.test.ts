import { describe, expect, it } from "vitest";
import { CATEGORIES, type Category, type CategoryMinutes } from "../../schemas/lifelog";
import { toNumber, type LaplaceSampler, type Rational } from "../../workers/domain/laplace";
import {
  EPSILON_SPLIT,
  MIN_COHORT,
  QUERY_EPSILON,
  clipRow,
  margins,
  noisyInsight,
  type ClippedRow,
} from "../../workers/domain/lifelog/insights";
import { labelValueKey } from "../../workers/domain/lifelog/label-value";

const minutes = (some: Partial<Record<Category, number>>): CategoryMinutes =>
  Object.fromEntries(CATEGORIES.map((c) => [c, some[c] ?? 0])) as CategoryMinutes;

const row = (work: number, exercise: number): ClippedRow => ({
  minutes: CATEGORIES.map((c) => (c === "work" ? work : 0)),
  exercise,
});

/** A sampler that returns the scripted noise in order (then 0) and records the scales it was asked for. */
function scripted(noise: number[] = []) {
  const scales: Rational[] = [];
  const sample: LaplaceSampler = (scale) => {
    scales.push(scale);
    return noise[scales.length - 1] ?? 0;
  };
  return { sample, scales };
}

describe("a person's clipped row", () => {
  it("is their per-day average over the days they logged", () => {
    const clipped = clipRow({ days: 4, minutes: minutes({ work: 2000, sleep: 1800 }), exerciseDays: 1 });
    expect(clipped!.minutes[CATEGORIES.indexOf("work")]).toBe(500);
    expect(clipped!.minutes[CATEGORIES.indexOf("sleep")]).toBe(450);
    expect(clipped!.exercise).toBe(25);
  });

  it("never adds up to more than a day, whatever the totals claim", () => {
    const clipped = clipRow({
      days: 1,
      minutes: minutes({ work: 2000, leisure: 2000, sleep: 99_999 }),
      exerciseDays: 3,
    });
    expect(clipped!.minutes.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1440);
    expect(clipped!.minutes.every((m) => Number.isInteger(m) && m >= 0)).toBe(true);
    expect(clipped!.exercise).toBe(100);
  });

  it("counts negative or missing minutes as none", () => {
    const clipped = clipRow({ days: 2, minutes: { ...minutes({ work: -50 }), rest: NaN }, exerciseDays: 0 });
    expect(clipped!.minutes.every((m) => m === 0)).toBe(true);
  });

  it("does not exist for someone with no days in the window", () => {
    expect(clipRow({ days: 0, minutes: minutes({}), exerciseDays: 0 })).toBeNull();
  });
});

describe("a cohort's noisy answer", () => {
  it("is suppressed below eleven contributors without drawing any noise", () => {
    const { sample, scales } = scripted();
    expect(
      noisyInsight(
        Array.from({ length: MIN_COHORT - 1 }, () => row(600, 50)),
        sample,
      ),
    ).toEqual({
      suppressed: true,
    });
    expect(scales).toEqual([]);
  });

  it("is suppressed when the noisy size falls below eleven, even with eleven real contributors", () => {
    const { sample } = scripted([-1]);
    expect(
      noisyInsight(
        Array.from({ length: MIN_COHORT }, () => row(600, 50)),
        sample,
      ),
    ).toEqual({ suppressed: true });
  });

  it("gives the cohort's means per category and its exercise-day share", () => {
    const rows = [...Array.from({ length: 6 }, () => row(600, 100)), ...Array.from({ length: 6 }, () => row(300, 0))];
    const answer = noisyInsight(rows, scripted().sample);
    expect(answer).toMatchObject({ suppressed: false, size: 12, exerciseDayShare: 0.5 });
    if (answer.suppressed) throw new Error("unexpectedly suppressed");
    expect(answer.minutesPerDay).toEqual(minutes({ work: 450 }));
  });

  it("divides the noisy sums by the noisy size", () => {
    // size 12 + 3 = 15; work 12·600 + 300 = 7500 → 500 a day
    const answer = noisyInsight(
      Array.from({ length: 12 }, () => row(600, 0)),
      scripted([3, 300]).sample,
    );
    expect(answer).toMatchObject({ size: 15, minutesPerDay: { work: 500 } });
  });

  it("keeps released means inside their ranges when the noise pushes past them", () => {
    const noise = [0, -100_000, ...Array(9).fill(100_000), 100_000];
    const answer = noisyInsight(
      Array.from({ length: 11 }, () => row(10, 0)),
      scripted(noise).sample,
    );
    if (answer.suppressed) throw new Error("unexpectedly suppressed");
    expect(answer.minutesPerDay.work).toBe(0);
    expect(answer.minutesPerDay.other).toBe(1440);
    expect(answer.exerciseDayShare).toBe(1);
  });

  it("asks for the scales Δ/ε of its split: size 1/(1/5), minutes 1440/(3/5) for every category, exercise 100/(1/5)", () => {
    const { sample, scales } = scripted();
    noisyInsight(
      Array.from({ length: 11 }, () => row(600, 50)),
      sample,
    );
    expect(scales.map(toNumber)).toEqual([5, ...Array(CATEGORIES.length).fill(2400), 500]);
  });

  it("spends exactly the query's ε across its parts", () => {
    const parts = Object.values(EPSILON_SPLIT).reduce((a, e) => a + toNumber(e), 0);
    expect(parts).toBeCloseTo(toNumber(QUERY_EPSILON), 12);
  });
});

describe("the margin of a noisy answer", () => {
  it("is the 95 % half-width of the noise on a mean, shrinking with the cohort", () => {
    // minutes: Laplace scale 1440 / (3/5) = 2400 on the sum, ln 20 ≈ 3.0 of it, over the people
    expect(margins(1000)).toEqual({ minutesPerDay: 7, exerciseDayShare: 0.015 });
    expect(margins(100).minutesPerDay).toBe(72);
    expect(margins(11)).toEqual({ minutesPerDay: 654, exerciseDayShare: 1 });
  });
});

describe("label values as cohorts", () => {
  it("fold case, width, Hangul composition and whitespace into one key", () => {
    expect(labelValueKey("  Software   Engineer ")).toBe("software engineer");
    expect(labelValueKey("ＡＣＭＥ Corp")).toBe("acme corp");
    // 서울대학교 spelled with conjoining jamo is the same cohort as its precomposed syllables
    expect(labelValueKey("서울대학교".normalize("NFD"))).toBe("서울대학교");
    expect(labelValueKey(" 개발자\u3000")).toBe("개발자");
  });
});
