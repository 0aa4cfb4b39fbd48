/**
 * Days and instants in the user's time zone. The API names days ("2026-03-08") and answers instants;
 * placing an instant on a day's axis needs the instant of that day's local midnight, which on the days
 * clocks change is not 24 hours from the next one (the response's `hours` says how long the day is).
 */
import { addDays, todayIn } from "../shared/days.js";
import { currentLocale, formatNumber } from "../shared/i18n.js";

export const locale = currentLocale;

export const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";

const wallClocks = new Map();
function wallClock(timeZone) {
  if (!wallClocks.has(timeZone))
    wallClocks.set(
      timeZone,
      new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
      }),
    );
  return wallClocks.get(timeZone);
}

/** How far `timeZone`'s wall clock is ahead of UTC at instant `ms`, in ms. */
function offsetAt(ms, timeZone) {
  const parts = Object.fromEntries(
    wallClock(timeZone)
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant (ms) the wall clock in `timeZone` shows `day` at `minutes` past midnight. A time inside
 * a spring-forward gap does not exist; it comes out an hour early, so callers keep to other hours.
 */
export function instantOf(day, minutes, timeZone) {
  const [y, m, d] = day.split("-").map(Number);
  const wall = Date.UTC(y, m - 1, d) + minutes * 60_000;
  // two rounds: the first guess may sit on the other side of a transition from the answer
  let guess = wall - offsetAt(wall, timeZone);
  guess = wall - offsetAt(guess, timeZone);
  return guess;
}

/** Local midnight of `day` in `timeZone`, as ms since the epoch. */
export const dayStart = (day, timeZone) => instantOf(day, 0, timeZone);

export { addDays, todayIn };

/** The Monday of `day`'s week (ISO weeks, as Korean and most European calendars start them). */
export function mondayOf(day) {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, -((weekday + 6) % 7));
}

export const isDay = (value) =>
  /^20\d{2}-\d{2}-\d{2}$/.test(value ?? "") && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);

/** "14:05" (or "오후 2:05") of an instant in `timeZone`. */
export const formatClock = (ms, timeZone) =>
  new Intl.DateTimeFormat(locale(), { timeZone, hour: "numeric", minute: "2-digit" }).format(new Date(ms));

/** "Sun, Mar 8, 2026" / "2026년 3월 8일 (일)" of a calendar day. */
export function formatDay(day, style = "long") {
  const options =
    style === "short"
      ? { weekday: "short", day: "numeric" }
      : { weekday: "short", year: "numeric", month: "short", day: "numeric" };
  return new Intl.DateTimeFormat(locale(), { ...options, timeZone: "UTC" }).format(new Date(`${day}T00:00:00Z`));
}

export { formatNumber };

/** "2 h 5 min" / "2시간 5분" of a span in minutes, through the page's strings. */
export function durationVars(minutes) {
  const total = Math.round(minutes);
  return { hours: Math.floor(total / 60), minutes: total % 60 };
}
