import type { ChallengeMetric } from "../../../schemas/communities";
import { CATEGORIES } from "../../../schemas/lifelog";
import { dayBounds } from "../lifelog/days";

/**
 * Challenge metrics from day summaries (`timeline.day`), with no I/O. Progress is the sum of per-day
 * contributions; a day's newer summary replaces its contribution, so the sum is never double counted.
 *
 * - `category_minutes_per_week`: a day contributes its minutes of the category; the value is the total
 *   in the window ÷ weeks elapsed since the start (until the end), at least 1 week.
 * - `exercise_days`: a day contributes 1 when it had exercise.
 * - `sleep_before`: a day contributes 1 when its sleep began before `time` (see `sleepOnset`).
 */

export const WEEK_MS = 7 * 86_400_000;
const SLEEP = CATEGORIES.indexOf("sleep");
const HOURS = 24;
/** A run of sleep this long, or one that reaches midnight, is the night's sleep rather than a nap. */
const NIGHT_MINUTES = 180;
/** The clock is read from noon to noon, so 01:00 is later than 23:00. */
const NOON = 12 * 60;

export type DayFacts = { minutes: Record<string, number>; hours: number[]; exercise: boolean };

/** What one day adds to a challenge's value. */
export function dayContribution(metric: ChallengeMetric, day: DayFacts): number {
  switch (metric.kind) {
    case "category_minutes_per_week":
      return round(day.minutes[metric.category] ?? 0);
    case "exercise_days":
      return day.exercise ? 1 : 0;
    case "sleep_before": {
      const onset = sleepOnset(day.hours);
      return onset !== null && onset < nightMinutes(minutesOfClock(metric.time)) ? 1 : 0;
    }
  }
}

/**
 * The instant a local day counts at: its middle. A day belongs to a window when its middle does, so a
 * week-long window from Monday 00:00 in Seoul holds seven days for someone in Seoul and seven for someone
 * in London, though their days start nine hours apart.
 */
export function dayMidpoint(day: string, tz: string): number {
  const { start, end } = dayBounds(day, tz);
  return Math.floor((start + end) / 2);
}

/** Weeks elapsed in the window at `now` (stopping at its end), never less than one. */
export function weeksElapsed(window: { startAt: number; endAt: number }, now: number): number {
  return Math.max(1, (Math.min(now, window.endAt) - window.startAt) / WEEK_MS);
}

/** The value shown and compared with the target, from the stored sum of contributions. */
export function metricValue(
  metric: ChallengeMetric,
  total: number,
  window: { startAt: number; endAt: number },
  now: number,
): number {
  return metric.kind === "category_minutes_per_week" ? round(total / weeksElapsed(window, now)) : total;
}

/**
 * When the day's night sleep began, in minutes after the day's 00:00 on a noon-to-noon clock (13:00 →
 * 780, 01:00 → 1500), or null when the day shows none. From the hours grid (24 × CATEGORIES minutes):
 * a run is consecutive hours with sleep; the run that fills hour 0 carried over from the night before
 * and is skipped; of the rest, the latest run that lasts 3 hours or reaches midnight is the night's.
 * Within its first hour, sleep is taken to last until the hour's end, so 40 minutes of sleep in 22:00
 * followed by more sleep means it began at 22:20.
 */
export function sleepOnset(hours: readonly number[]): number | null {
  const sleep = Array.from({ length: HOURS }, (_, h) => hours[h * CATEGORIES.length + SLEEP] ?? 0);
  let onset: number | null = null;
  let h = 0;
  while (h < HOURS) {
    if (sleep[h]! <= 0) {
      h++;
      continue;
    }
    const start = h;
    let total = 0;
    while (h < HOURS && sleep[h]! > 0) total += sleep[h++]!;
    const carriedOver = start === 0 && sleep[0]! >= 60;
    const night = total >= NIGHT_MINUTES || h === HOURS;
    if (carriedOver || !night) continue;
    const continues = start + 1 < HOURS ? sleep[start + 1]! > 0 : true;
    const begin = start * 60 + (continues ? 60 - Math.min(60, sleep[start]!) : 0);
    onset = nightMinutes(begin);
  }
  return onset;
}

/** "HH:MM" as minutes after 00:00. */
export function minutesOfClock(time: string): number {
  const [hh, mm] = time.split(":").map(Number);
  return hh! * 60 + mm!;
}

/** Minutes after 00:00 on the noon-to-noon clock: the small hours come after the evening. */
const nightMinutes = (minutes: number) => (minutes < NOON ? minutes + 24 * 60 : minutes);

const round = (n: number) => Math.round(n * 100) / 100;
