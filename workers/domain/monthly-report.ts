import { CATEGORIES, type Category, type CategoryMinutes } from "../../schemas/lifelog";
import { addDays } from "./lifelog/days";

/**
 * The monthly report: the last 30 days (today included) against the 30 before, per category, the
 * biggest changes, how many days were logged and the logging streaks. Pure: the days and today in.
 */

export type DayTotals = { day: string; minutes: CategoryMinutes };

export type CategoryChange = {
  category: Category;
  current: number;
  previous: number;
  change: number;
  percent: number | null;
};

export type MonthlyReport = {
  current: { from: string; to: string; daysLogged: number; minutes: CategoryMinutes };
  previous: { from: string; to: string; daysLogged: number; minutes: CategoryMinutes };
  /** Every category, largest absolute change first. */
  changes: CategoryChange[];
  /** Up to three changes that moved at all. */
  topChanges: CategoryChange[];
  /** The longest run of consecutive logged days in the last 30, and the run that reaches today (or yesterday). */
  streaks: { longest: number; current: number };
};

export const WINDOW_DAYS = 30;

const zero = (): CategoryMinutes => Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as CategoryMinutes;
const total = (m: Partial<CategoryMinutes>) => CATEGORIES.reduce((s, c) => s + (m[c] ?? 0), 0);
const round = (n: number) => Math.round(n * 10) / 10;

export function monthlyReport(days: readonly DayTotals[], today: string): MonthlyReport {
  const from = addDays(today, -(WINDOW_DAYS - 1));
  const prevFrom = addDays(from, -WINDOW_DAYS);
  const prevTo = addDays(from, -1);
  const current = zero();
  const previous = zero();
  const logged = new Set<string>();
  let prevLogged = 0;
  for (const d of days) {
    if (d.day > today || d.day < prevFrom || total(d.minutes) <= 0) continue;
    const target = d.day >= from ? current : previous;
    for (const c of CATEGORIES) target[c] += d.minutes[c] ?? 0;
    if (d.day >= from) logged.add(d.day);
    else prevLogged++;
  }
  const changes = CATEGORIES.map((category) => ({
    category,
    current: round(current[category]),
    previous: round(previous[category]),
    change: round(current[category] - previous[category]),
    percent:
      previous[category] > 0 ? Math.round(((current[category] - previous[category]) / previous[category]) * 100) : null,
  })).sort((a, b) => Math.abs(b.change) - Math.abs(a.change) || a.category.localeCompare(b.category));
  let longest = 0;
  let run = 0;
  for (let day = from; day <= today; day = addDays(day, 1)) {
    run = logged.has(day) ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  // today may not be logged yet: a streak through yesterday still counts as current
  let streakEnd = logged.has(today) ? today : addDays(today, -1);
  let currentStreak = 0;
  while (streakEnd >= from && logged.has(streakEnd)) {
    currentStreak++;
    streakEnd = addDays(streakEnd, -1);
  }
  const rounded = (m: CategoryMinutes) =>
    Object.fromEntries(CATEGORIES.map((c) => [c, round(m[c])])) as CategoryMinutes;
  return {
    current: { from, to: today, daysLogged: logged.size, minutes: rounded(current) },
    previous: { from: prevFrom, to: prevTo, daysLogged: prevLogged, minutes: rounded(previous) },
    changes,
    topChanges: changes.filter((c) => c.change !== 0).slice(0, 3),
    streaks: { longest, current: currentStreak },
  };
}
