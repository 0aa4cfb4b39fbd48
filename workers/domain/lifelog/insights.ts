import { CATEGORIES, type CategoryMinutes } from "../../../schemas/lifelog";
import { clamp, clipWhole, laplaceOnGrid, toNumber, type LaplaceSampler, type Rational } from "../laplace";

/**
 * A label cohort's averages, released with ε-differential privacy (add/remove-one-person neighbours).
 *
 * Each person contributes one row however many days they logged: their per-day averages over the
 * window, as whole minutes per category whose sum is clipped to 1440 (a day), and their share of days
 * with exercise in hundredths (0–100). Three integer sums are released with discrete Laplace noise:
 * the head count (sensitivity 1), the minutes vector (L1 sensitivity 1440: one person's minutes sum
 * to at most a day, so the whole vector costs one share of ε, not one per category) and the exercise
 * hundredths (sensitivity 100). The means are the noisy sums over the noisy count — post-processing,
 * so the noise scale never depends on the true size; in effect each mean has sensitivity bound/ñ.
 */

/** Cohorts smaller than this are never described, before or after noise. */
export const MIN_COHORT = 11;

/** ε of one fresh answer, and its split: size 1/5, minutes 3/5, exercise 1/5 (basic composition). */
export const QUERY_EPSILON: Rational = { num: 1, den: 1 };
export const EPSILON_SPLIT = {
  size: { num: 1, den: 5 },
  minutes: { num: 3, den: 5 },
  exercise: { num: 1, den: 5 },
} as const satisfies Record<string, Rational>;

/** Fresh answers per cohort, window and UTC day: the daily budget is this many times QUERY_EPSILON. */
export const DRAWS_PER_DAY = 3;
export const DAILY_EPSILON = DRAWS_PER_DAY * toNumber(QUERY_EPSILON);

const DAY_MINUTES = 1440;
const SHARE_STEPS = 100;

/** One person's totals over the window, as the cohort query returns them. */
export type PersonTotals = { days: number; minutes: CategoryMinutes; exerciseDays: number };

/** One person's bounded contribution: whole minutes per category (CATEGORIES order) and exercise hundredths. */
export type ClippedRow = { minutes: number[]; exercise: number };

export function clipRow(totals: PersonTotals): ClippedRow | null {
  if (!(totals.days >= 1)) return null;
  const averages = CATEGORIES.map((c) => totals.minutes[c] / totals.days);
  return {
    minutes: clipWhole(averages, DAY_MINUTES),
    exercise: Math.round(clamp(totals.exerciseDays / totals.days, 0, 1) * SHARE_STEPS),
  };
}

export type InsightAnswer =
  { suppressed: true } | { suppressed: false; size: number; minutesPerDay: CategoryMinutes; exerciseDayShare: number };

const round = (x: number, places: number) => Math.round(x * 10 ** places) / 10 ** places;

/**
 * The cohort's noisy answer. Suppressed, with no noise drawn, below MIN_COHORT real contributors;
 * suppressed too when the noisy size falls below it, so a small cohort cannot be found by the size.
 */
export function noisyInsight(rows: readonly ClippedRow[], sample: LaplaceSampler): InsightAnswer {
  if (rows.length < MIN_COHORT) return { suppressed: true };
  // every sum is a whole number (minutes, hundredths, people), so the grid is the integers
  const release = (sum: number, sensitivity: number, epsilon: Rational) =>
    laplaceOnGrid(sum, { sensitivity, epsilon, granularity: 1 }, sample);
  const size = release(rows.length, 1, EPSILON_SPLIT.size);
  if (size < MIN_COHORT) return { suppressed: true };

  const minutesPerDay = Object.fromEntries(
    CATEGORIES.map((c, i) => {
      const sum = release(
        rows.reduce((a, r) => a + r.minutes[i]!, 0),
        DAY_MINUTES,
        EPSILON_SPLIT.minutes,
      );
      return [c, round(clamp(sum / size, 0, DAY_MINUTES), 1)];
    }),
  ) as CategoryMinutes;
  const exercise = release(
    rows.reduce((a, r) => a + r.exercise, 0),
    SHARE_STEPS,
    EPSILON_SPLIT.exercise,
  );
  const exerciseDayShare = round(clamp(exercise / SHARE_STEPS / size, 0, 1), 3);
  return { suppressed: false, size, minutesPerDay, exerciseDayShare };
}

/**
 * How far a released mean may stray from the true one, 95 % of the time, given the noisy size: a
 * Laplace draw of scale b exceeds t with probability e^(−t/b), so t = b·ln 20 (the discrete sampler's
 * tail is no heavier). Computed from public parameters and the released size, so it costs no ε; the
 * noise on the size itself is left out (it moves the means by a factor close to 1).
 */
export function margins(size: number): { minutesPerDay: number; exerciseDayShare: number } {
  const half = (sensitivity: number, epsilon: Rational) => (sensitivity / toNumber(epsilon)) * Math.log(20);
  return {
    minutesPerDay: Math.round(Math.min(DAY_MINUTES, half(DAY_MINUTES, EPSILON_SPLIT.minutes) / size)),
    exerciseDayShare: round(Math.min(1, half(SHARE_STEPS, EPSILON_SPLIT.exercise) / SHARE_STEPS / size), 3),
  };
}
