import { addDays } from "./lifelog/days";

/**
 * Goal forecast: a category's weekly minutes projected four weeks ahead with a model a person can
 * follow. A least-squares line through the weekly totals (the trend), a weekday profile (the share of
 * the minutes each weekday usually holds: the seasonality), and a band of ±1.96 residual standard
 * deviations widened for how far ahead and how few weeks there are (a 95 % prediction interval when the
 * residuals are roughly normal). How sure it is depends on how many weeks have data and how well the
 * line fits; the explanation says which, in English and Korean. Pure: no I/O, no clock.
 */

export type DayMinutes = { day: string; minutes: number };
export type Confidence = "high" | "medium" | "low";

export type ForecastWeek = {
  /** Monday of the projected week. */
  weekStart: string;
  minutes: number;
  low: number;
  high: number;
  /** Monday … Sunday: the projection spread by the weekday profile. */
  byWeekday: number[];
};

export type Forecast = {
  /** The Mondays of the weeks the model read, oldest first, and their totals. */
  history: { weekStart: string; minutes: number }[];
  weeksWithData: number;
  trend: { perWeek: number; level: number; r2: number | null };
  sigma: number;
  weekdayShare: number[];
  projection: ForecastWeek[];
  confidence: Confidence;
  reasons: { en: string; ko: string };
};

export const HORIZON_WEEKS = 4;
const Z95 = 1.96;
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Monday of the week holding `day` (a calendar date). */
export const mondayOf = (day: string) => addDays(day, -((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7));

export type LineFit = {
  slope: number;
  intercept: number;
  sigma: number;
  r2: number | null;
  xMean: number;
  sxx: number;
};

/** Ordinary least squares of y on x = 0, 1, …; sigma from n − 2 degrees of freedom (0 below three points). */
export function fitLine(ys: readonly number[]): LineFit {
  const n = ys.length;
  if (n === 0) return { slope: 0, intercept: 0, sigma: 0, r2: null, xMean: 0, sxx: 0 };
  const xMean = (n - 1) / 2;
  const yMean = ys.reduce((s, y) => s + y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  ys.forEach((y, x) => {
    sxx += (x - xMean) ** 2;
    sxy += (x - xMean) * (y - yMean);
  });
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const intercept = yMean - slope * xMean;
  const ssRes = ys.reduce((s, y, x) => s + (y - (intercept + slope * x)) ** 2, 0);
  const ssTot = ys.reduce((s, y) => s + (y - yMean) ** 2, 0);
  const sigma = n > 2 ? Math.sqrt(ssRes / (n - 2)) : 0;
  const r2 = n < 3 ? null : ssTot === 0 ? (ssRes === 0 ? 1 : 0) : 1 - ssRes / ssTot;
  return { slope, intercept, sigma, r2, xMean, sxx };
}

/** Monday … Sunday shares of the logged minutes; an even profile when nothing was logged. */
export function weekdayShares(days: readonly DayMinutes[]): number[] {
  const sums = new Array<number>(7).fill(0);
  for (const d of days) sums[(new Date(`${d.day}T00:00:00Z`).getUTCDay() + 6) % 7]! += Math.max(0, d.minutes);
  const total = sums.reduce((s, m) => s + m, 0);
  return total > 0 ? sums.map((m) => m / total) : sums.map(() => 1 / 7);
}

function confidenceOf(
  weeksWithData: number,
  fit: LineFit,
  mean: number,
): { level: Confidence; en: string; ko: string } {
  const cv = mean > 0 ? fit.sigma / mean : Infinity;
  const r2 = fit.r2 === null ? "–" : fit.r2.toFixed(2);
  if (weeksWithData < 4)
    return {
      level: "low",
      en: `Only ${weeksWithData} week(s) have data; a trend needs at least 4, so treat this as a rough guess.`,
      ko: `기록이 있는 주가 ${weeksWithData}주뿐이에요. 추세를 보려면 최소 4주가 필요해서 대략적인 추정으로 봐 주세요.`,
    };
  const spread = `the weeks scatter about ${Math.round(cv * 100)}% around the trend line (R² ${r2})`;
  const spreadKo = `주별 기록이 추세선에서 약 ${Math.round(cv * 100)}% 벗어나 있어요(R² ${r2})`;
  if (weeksWithData >= 8 && (cv <= 0.25 || (fit.r2 ?? 0) >= 0.7))
    return {
      level: "high",
      en: `${weeksWithData} weeks of data and ${spread}: a steady pattern.`,
      ko: `${weeksWithData}주의 기록이 있고 ${spreadKo}. 꾸준한 패턴이에요.`,
    };
  if (cv <= 0.6)
    return {
      level: "medium",
      en: `${weeksWithData} weeks of data, and ${spread}; more steady weeks would narrow the band.`,
      ko: `${weeksWithData}주의 기록이 있고 ${spreadKo}. 꾸준한 주가 더 쌓이면 범위가 좁아져요.`,
    };
  return {
    level: "low",
    en: `${weeksWithData} weeks of data, but ${spread}: the weeks vary too much for a confident projection.`,
    ko: `${weeksWithData}주의 기록이 있지만 ${spreadKo}. 주마다 차이가 커서 확신하기 어려워요.`,
  };
}

/**
 * Projects the next HORIZON_WEEKS weeks of one category from its daily minutes. `today` is the
 * person's current day; the model reads the `weeks` complete Monday–Sunday weeks before today's week
 * (from the first week with any logged day, so weeks before someone started do not count as zero) and
 * projects today's week and the ones after it. No data at all gives zeros and low confidence.
 */
export function forecastCategory(days: readonly DayMinutes[], today: string, weeks = 12): Forecast {
  const thisWeek = mondayOf(today);
  const first = addDays(thisWeek, -7 * weeks);
  const inRange = days.filter((d) => d.day >= first && d.day < thisWeek);
  const totals = Array.from({ length: weeks }, (_, i) => ({ weekStart: addDays(first, 7 * i), minutes: 0, days: 0 }));
  for (const d of inRange) {
    const week = totals[Math.floor((Date.parse(d.day) - Date.parse(first)) / (7 * 86_400_000))]!;
    week.minutes += Math.max(0, d.minutes);
    if (d.minutes > 0) week.days++;
  }
  const start = totals.findIndex((w) => w.days > 0);
  const used = start < 0 ? [] : totals.slice(start);
  const weeksWithData = used.filter((w) => w.days > 0).length;
  const ys = used.map((w) => w.minutes);
  const fit = fitLine(ys);
  const n = ys.length;
  const mean = n > 0 ? ys.reduce((s, y) => s + y, 0) / n : 0;
  // with fewer than three weeks there are no residuals to measure: the band is the level itself
  const sigma = n > 2 ? fit.sigma : mean;
  const shares = weekdayShares(inRange);
  const projection = Array.from({ length: HORIZON_WEEKS }, (_, k) => {
    const x = n + k;
    const minutes = Math.max(0, n > 0 ? fit.intercept + fit.slope * x : 0);
    const widen = n > 2 && fit.sxx > 0 ? Math.sqrt(1 + 1 / n + (x - fit.xMean) ** 2 / fit.sxx) : 1;
    const half = Z95 * sigma * widen;
    return {
      weekStart: addDays(thisWeek, 7 * k),
      minutes: round(minutes),
      low: round(Math.max(0, minutes - half)),
      high: round(minutes + half),
      byWeekday: shares.map((s) => round(minutes * s)),
    };
  });
  const { level, en, ko } = confidenceOf(weeksWithData, { ...fit, sigma }, mean);
  return {
    history: used.map(({ weekStart, minutes }) => ({ weekStart, minutes: round(minutes) })),
    weeksWithData,
    trend: {
      perWeek: round(fit.slope),
      level: round(n > 0 ? fit.intercept + fit.slope * (n - 1) : 0),
      r2: fit.r2 === null ? null : round(fit.r2, 3),
    },
    sigma: round(sigma),
    weekdayShare: shares.map((s) => round(s, 3)),
    projection,
    confidence: level,
    reasons: { en, ko },
  };
}
