/**
 * Local days in an IANA zone, DST-correct. A day starts at its first instant, which is local midnight
 * except where a zone skips midnight itself (America/Santiago and Asia/Beirut moved their clocks at
 * 00:00): there it starts when the clock jumps, at 01:00. Days are 23, 24 or 25 hours long.
 */
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

// Intl.DateTimeFormat construction costs far more than formatting; a timeline read formats hundreds of times
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (f === undefined) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(tz, f);
  }
  return f;
}

/** The wall clock at `ms` in `tz`, exactly (a format per call). */
function formatWall(ms: number, tz: string): number {
  const p: Record<string, string> = {};
  for (const part of formatter(tz).formatToParts(ms)) p[part.type] = part.value;
  // pre-1970 years keep four digits; "24" only ever appears from engines that ignore hourCycle
  const hour = p.hour === "24" ? "00" : p.hour;
  return Date.parse(`${p.year}-${p.month}-${p.day}T${hour}:${p.minute}:${p.second}Z`);
}

/**
 * Offsets by zone and quarter hour. Since 2000 every zone's offset is a whole number of quarter hours
 * and its clocks change on a quarter hour, so one offset holds for a whole quarter hour; a quarter
 * whose two ends disagree (a change inside it, in some odd zone) is not cached and formats exactly.
 * Ingesting 500 events would otherwise cost thousands of formats (the costliest step of a batch).
 */
const QUARTER_MS = 15 * 60_000;
const quarters = new Map<string, Map<number, number | null>>();
const MAX_QUARTERS = 100_000;

function quarterOffset(quarter: number, tz: string): number | null {
  let zone = quarters.get(tz);
  if (zone === undefined) quarters.set(tz, (zone = new Map()));
  let offset = zone.get(quarter);
  if (offset === undefined) {
    const start = quarter * QUARTER_MS;
    const first = formatWall(start, tz) - start;
    const last = formatWall(start + QUARTER_MS - 1000, tz) - (start + QUARTER_MS - 1000);
    offset = first === last ? first : null;
    if (zone.size >= MAX_QUARTERS) zone.clear();
    zone.set(quarter, offset);
  }
  return offset;
}

/** The wall clock at `ms` in `tz`, as if that wall clock were UTC (so arithmetic on it is plain). */
function wallOf(ms: number, tz: string): number {
  const whole = Math.floor(ms / 1000) * 1000;
  const offset = quarterOffset(Math.floor(whole / QUARTER_MS), tz);
  return offset === null ? formatWall(whole, tz) : whole + offset;
}

/** The zone's offset from UTC at `ms` (wall clock minus instant), to the second. */
export function offsetAt(ms: number, tz: string): number {
  const whole = Math.floor(ms / 1000) * 1000;
  return wallOf(whole, tz) - whole;
}

const isoDay = (wall: number) => new Date(wall).toISOString().slice(0, 10);

export function localDay(ms: number, tz: string): string {
  return isoDay(wallOf(ms, tz));
}

export function localHour(ms: number, tz: string): number {
  return new Date(wallOf(ms, tz)).getUTCHours();
}

export function addDays(day: string, n: number): string {
  return isoDay(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS);
}

/** The first instant whose local day is `day` or later. */
function dayStart(day: string, tz: string): number {
  const wall = Date.parse(`${day}T00:00:00Z`);
  // the offsets a day either side bracket any change that can happen around this midnight
  const candidates = [...new Set([offsetAt(wall - DAY_MS, tz), offsetAt(wall + DAY_MS, tz)])]
    .map((offset) => wall - offset)
    .sort((a, b) => a - b);
  // where the clock falls back across midnight both readings are real: the day starts at the first
  for (const at of candidates) if (wallOf(at, tz) === wall) return at;
  // midnight was skipped: the day starts when the clock jumps over it
  const lo = candidates[0]! - 3 * HOUR_MS;
  const hi = candidates[candidates.length - 1]! + 3 * HOUR_MS;
  return firstSecond(lo, hi, (at) => wallOf(at, tz) >= wall);
}

/** The first whole second after lo where `holds` turns true; it is false at lo and true at hi. */
function firstSecond(lo: number, hi: number, holds: (at: number) => boolean): number {
  // zone transitions fall on whole seconds, so bisecting seconds finds them exactly
  let below = Math.floor(lo / 1000);
  let above = Math.floor(hi / 1000);
  while (above - below > 1) {
    const mid = Math.floor((below + above) / 2);
    if (holds(mid * 1000)) above = mid;
    else below = mid;
  }
  return above * 1000;
}

const starts = new Map<string, number>();

/** Epoch ms of the first instant of `day` in `tz` and of the day after. */
export function dayBounds(day: string, tz: string): { start: number; end: number } {
  return { start: cachedDayStart(day, tz), end: cachedDayStart(addDays(day, 1), tz) };
}

function cachedDayStart(day: string, tz: string): number {
  const key = `${tz}|${day}`;
  let start = starts.get(key);
  if (start === undefined) {
    if (starts.size >= MAX_QUARTERS) starts.clear();
    starts.set(key, (start = dayStart(day, tz)));
  }
  return start;
}

/**
 * [from, to) cut into pieces of constant offset. Offsets are sampled every three hours and each change
 * located by bisection, so a day costs about a dozen formats however many blocks it has.
 */
export function offsetPieces(from: number, to: number, tz: string): { from: number; to: number; offset: number }[] {
  const pieces: { from: number; to: number; offset: number }[] = [];
  let pieceFrom = from;
  let offset = offsetAt(from, tz);
  // the last instant known to have `offset`: the change, if any, lies after it
  let known = from;
  while (known < to - 1) {
    const probe = Math.min(known + 3 * HOUR_MS, to - 1);
    if (offsetAt(probe, tz) === offset) {
      known = probe;
      continue;
    }
    const before = offset;
    const change = firstSecond(known, probe, (t) => offsetAt(t, tz) !== before);
    pieces.push({ from: pieceFrom, to: change, offset });
    pieceFrom = known = change;
    offset = offsetAt(change, tz);
  }
  if (to > pieceFrom) pieces.push({ from: pieceFrom, to, offset });
  return pieces;
}

/** The local days an event overlaps (one or two; three when it spans a 23-hour day). */
export function daysTouched(e: { start: number; end: number }, tz: string): string[] {
  const first = localDay(e.start, tz);
  const last = localDay(Math.max(e.end - 1, e.start), tz);
  const days = [first];
  for (let day = first; day < last;) days.push((day = addDays(day, 1)));
  return days;
}

export { HOUR_MS, DAY_MS };
