/**
 * Calendar periods in a user's time zone. Cron fires in UTC, so "the week ended" is decided from
 * the user's local date and hour: a weekly report is due in the local hour after Sunday midnight
 * (Monday 00:xx), a monthly one in the first local hour of the 1st.
 */
export type Period = "week" | "month";
export type LocalTime = { date: string; weekday: number; day: number; hour: number };

export function localTime(at: Date, timeZone: string): LocalTime {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      hourCycle: "h23",
      weekday: "short",
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const weekday = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(parts.weekday!);
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday,
    day: Number(parts.day),
    hour: Number(parts.hour),
  };
}

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The period containing the local date `date` (weeks run Monday–Sunday). */
export function periodContaining(period: Period, date: string): { from: string; to: string } {
  if (period === "month") {
    const from = `${date.slice(0, 7)}-01`;
    const next = new Date(Date.parse(`${from}T00:00:00Z`));
    next.setUTCMonth(next.getUTCMonth() + 1);
    return { from, to: addDays(next.toISOString().slice(0, 10), -1) };
  }
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  const from = addDays(date, -((weekday + 6) % 7));
  return { from, to: addDays(from, 6) };
}

/** The period that just ended, if `at` falls in the first local hour after it; otherwise null. */
export function periodJustEnded(period: Period, at: Date, timeZone: string): { from: string; to: string } | null {
  const local = localTime(at, timeZone);
  if (local.hour !== 0) return null;
  if (period === "week" && local.weekday !== 1) return null;
  if (period === "month" && local.day !== 1) return null;
  return periodContaining(period, addDays(local.date, -1));
}

/** Local-midnight bounds of [from, to] as UTC instants, for querying rows stored in UTC. */
export function utcBounds(from: string, to: string, timeZone: string): { start: Date; end: Date } {
  return { start: localMidnight(from, timeZone), end: localMidnight(addDays(to, 1), timeZone) };
}

/** The zone's offset from UTC at an instant, in ms (minute precision covers every real zone). */
function offsetAt(at: number, timeZone: string): number {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(new Date(at))
      .map((x) => [x.type, x.value]),
  );
  return Date.parse(`${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:00Z`) - (at - (at % 60_000));
}

function localMidnight(date: string, timeZone: string): Date {
  const wall = Date.parse(`${date}T00:00:00Z`);
  // the offset at the answer can differ from the offset at the wall time near a DST change
  const first = wall - offsetAt(wall, timeZone);
  return new Date(wall - offsetAt(first, timeZone));
}

export { addDays };
