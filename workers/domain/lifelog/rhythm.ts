import { CATEGORIES } from "../../../schemas/lifelog";

/**
 * A person's weekly rhythm: for each weekday and six-hour band (night 0–5, morning 6–11, afternoon
 * 12–17, evening 18–23, the classifier's hour bands), the share of the logged time spent in each
 * category. 7 × 4 × 10 = 280 dimensions, small enough for the 384-dimension index the item
 * embeddings use (Vectorize holds one dimension per index; see `padTo`).
 *
 * Shares per bucket rather than minutes: someone who logs only their working hours and someone who
 * logs every hour have the same rhythm if they do the same things at the same times, and a bucket
 * with no data says nothing instead of "nothing happens then". The whole vector is L2-normalised, so
 * cosine similarity weighs each person's logged buckets equally.
 */
export const RHYTHM_WINDOW_DAYS = 28;
const WEEKDAYS = 7;
const BANDS = 4;
const HOURS_PER_BAND = 24 / BANDS;
export const RHYTHM_DIMENSIONS = WEEKDAYS * BANDS * CATEGORIES.length;

/** A local day's minutes per hour × category, as `activity_days.hours` holds them (CATEGORIES order). */
export type DayHours = { day: string; hours: readonly number[] };

/** Monday 0 … Sunday 6 of a `YYYY-MM-DD` day (a calendar date, so UTC arithmetic is exact). */
export const weekdayOf = (day: string) => (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % WEEKDAYS;

export const bucketOf = (weekday: number, hour: number, category: number) =>
  (weekday * BANDS + Math.floor(hour / HOURS_PER_BAND)) * CATEGORIES.length + category;

/** The rhythm of these days, or null when they hold no time at all. */
export function rhythmVector(days: readonly DayHours[]): number[] | null {
  const width = CATEGORIES.length;
  const v = new Array<number>(RHYTHM_DIMENSIONS).fill(0);
  for (const { day, hours } of days) {
    const weekday = weekdayOf(day);
    if (hours.length !== 24 * width || Number.isNaN(weekday)) continue;
    for (let h = 0; h < 24; h++) {
      for (let c = 0; c < width; c++) {
        const minutes = hours[h * width + c]!;
        // an hour holds at most 60 minutes of one category; anything else is noise from upstream
        if (minutes > 0) v[bucketOf(weekday, h, c)]! += Math.min(minutes, 60);
      }
    }
  }
  for (let b = 0; b < RHYTHM_DIMENSIONS; b += width) {
    const total = v.slice(b, b + width).reduce((a, x) => a + x, 0);
    if (total > 0) for (let c = 0; c < width; c++) v[b + c]! /= total;
  }
  const norm = Math.hypot(...v);
  return norm > 0 ? v.map((x) => x / norm) : null;
}

/**
 * The vector with zeros appended up to `dimensions`: cosine similarity is unchanged, and it fits an
 * index whose dimension is fixed by other vectors.
 */
export function padTo(vector: readonly number[], dimensions: number): number[] {
  if (dimensions < vector.length) throw new RangeError(`a ${vector.length}-dimension vector cannot fit ${dimensions}`);
  return [...vector, ...new Array<number>(dimensions - vector.length).fill(0)];
}
