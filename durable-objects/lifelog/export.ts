import { addDays, localDay } from "../../workers/domain/lifelog/days";
import type { Lifelog } from "./lifelog";
import { toEntry } from "./shapes";

/**
 * What GET /v1/me/export asks of the life-log actor, one bounded page at a time: the settings, the
 * devices, the hot events and corrections (keyset by id), the hot days' timelines (a few days per call)
 * and, for copies kept elsewhere (D1's archive), sealed places opened with the user's key.
 */
export type LifelogExportRequest =
  | { section: "settings" | "devices" }
  | { section: "events" | "corrections" | "days"; after: string | null; limit: number }
  | { section: "open"; sealed: string[] };
export type LifelogExportPage = { items: unknown[]; next: string | null };

/** Location metadata fields kept sealed with the user's key (lifelog.ts seals the same ones). */
const SEALED_FIELDS = ["place", "geofenceId"] as const;
const MAX_DAYS_PER_CALL = 7;

type EventRow = {
  event_id: string;
  source: string;
  start_ms: number;
  end_ms: number;
  device_id: string | null;
  metadata: string;
  category: string;
  confidence: number;
  classified_by: string;
  corrected: string | null;
  received_at: number;
};
type CorrectionRow = {
  id: number;
  entry_id: string;
  event_ids: string;
  patterns: string;
  category: string;
  note: string | null;
  at: number;
};

const iso = (ms: number) => new Date(ms).toISOString();
const last = <T>(items: T[], limit: number, key: (item: T) => string) =>
  items.length === limit && items.length > 0 ? key(items.at(-1)!) : null;

/**
 * A location's metadata with its sealed fields opened; a field sealed with a key this actor no longer
 * has stays sealed and is named in `sealed`, so the export says what it could not read.
 */
export async function openMetadata(
  lifelog: Lifelog,
  metadata: Record<string, unknown>,
): Promise<{ metadata: Record<string, unknown>; sealed: string[] }> {
  const opened = { ...metadata };
  const sealed: string[] = [];
  for (const field of SEALED_FIELDS) {
    const value = metadata[field];
    if (typeof value !== "string") continue;
    const plain = await lifelog.key.open(value);
    if (plain === null) sealed.push(field);
    else opened[field] = plain;
  }
  return { metadata: opened, sealed };
}

export async function exportPage(
  sql: SqlStorage,
  lifelog: Lifelog,
  request: LifelogExportRequest,
  now: number,
): Promise<LifelogExportPage> {
  switch (request.section) {
    case "settings":
      return { items: [{ ...lifelog.settings.privacy(), tz: lifelog.tz }], next: null };
    case "devices":
      return { items: lifelog.devices.list(), next: null };
    case "open":
      return {
        items: await Promise.all(request.sealed.map((s) => lifelog.key.open(s))),
        next: null,
      };
    case "events":
      return events(sql, lifelog, request.after, request.limit);
    case "corrections":
      return corrections(sql, request.after, request.limit);
    case "days":
      return days(sql, lifelog, request.after, request.limit, now);
  }
}

async function events(sql: SqlStorage, lifelog: Lifelog, after: string | null, limit: number) {
  const rows = sql
    .exec<EventRow>(`SELECT * FROM lifelog_events WHERE event_id > ? ORDER BY event_id LIMIT ?`, after ?? "", limit)
    .toArray();
  const items = await Promise.all(
    rows.map(async (r) => {
      const raw = JSON.parse(r.metadata) as Record<string, unknown>;
      const { metadata, sealed } =
        r.source === "location" ? await openMetadata(lifelog, raw) : { metadata: raw, sealed: [] };
      return {
        eventId: r.event_id,
        source: r.source,
        start: iso(r.start_ms),
        end: iso(r.end_ms),
        deviceId: r.device_id,
        category: r.category,
        confidence: r.confidence,
        classifiedBy: r.classified_by,
        correctedCategory: r.corrected,
        metadata,
        ...(sealed.length > 0 ? { sealed } : {}),
        receivedAt: iso(r.received_at),
      };
    }),
  );
  return { items, next: last(items, limit, (e) => e.eventId) };
}

function corrections(sql: SqlStorage, after: string | null, limit: number) {
  const rows = sql
    .exec<CorrectionRow>(`SELECT * FROM activity_feedback WHERE id > ? ORDER BY id LIMIT ?`, Number(after ?? 0), limit)
    .toArray();
  const items = rows.map((r) => ({
    id: r.id,
    entryId: r.entry_id,
    eventIds: JSON.parse(r.event_ids) as unknown,
    category: r.category,
    note: r.note,
    learnedPatterns: JSON.parse(r.patterns) as unknown,
    at: iso(r.at),
  }));
  return { items, next: last(items, limit, (c) => String(c.id)) };
}

/**
 * The timelines of the days the hot events cover (in the user's zone), from the oldest event's day
 * to today, a few days per call; days without entries are left out.
 */
async function days(sql: SqlStorage, lifelog: Lifelog, after: string | null, limit: number, now: number) {
  const tz = lifelog.tz;
  const oldest = sql.exec<{ start: number | null }>(`SELECT min(start_ms) AS start FROM lifelog_events`).one().start;
  if (oldest === null) return { items: [], next: null };
  const today = localDay(now, tz);
  const first = after === null ? localDay(oldest, tz) : addDays(after, 1);
  const items: { day: string; tz: string; entries: unknown[] }[] = [];
  let day = first;
  for (let n = 0; n < Math.min(limit, MAX_DAYS_PER_CALL) && day <= today; n++, day = addDays(day, 1)) {
    const blocks = await lifelog.blocksOf(day, tz);
    if (blocks.length > 0) items.push({ day, tz, entries: blocks.map(toEntry) });
  }
  const through = addDays(day, -1);
  return { items, next: day <= today ? through : null };
}
