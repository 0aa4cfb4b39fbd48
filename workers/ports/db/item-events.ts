import { sql, type SQL } from "drizzle-orm";
import { itemEvents } from "../../../schemas/db";
import type { LoggedEvent } from "../../../schemas/events";
import { createDb, type D1Env } from "./d1";
import { pruneBefore, type PruneBudget } from "./prune";

/**
 * Inserts the events into the behaviour log in one statement and returns the keys of the rows that
 * were new, so redelivered events are not counted twice. The rows travel as one JSON parameter, each
 * an array in column order (see d1.ts).
 */
export function insertEventsStatement(events: LoggedEvent[]): SQL {
  const rows = events.map((e) => [e.userId, e.traceId, e.type, e.itemId, e.query, e.at]);
  return sql`
    INSERT INTO ${itemEvents} (user_id, trace_id, type, item_id, query, at)
    SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5
    FROM json_each(${JSON.stringify(rows)}) WHERE true
    ON CONFLICT DO NOTHING
    RETURNING user_id, trace_id`;
}

export type InsertedEvent = { user_id: string; trace_id: string };

/** The events whose keys `rows` returned, each once (a redelivered event can appear twice in a batch). */
export function newEvents(events: LoggedEvent[], rows: InsertedEvent[]): LoggedEvent[] {
  const inserted = new Set(rows.map((r) => `${r.user_id}\n${r.trace_id}`));
  return events.filter((e) => inserted.delete(`${e.userId}\n${e.traceId}`));
}

/** Retention: events logged before `cutoff` (ms). */
export function pruneItemEvents(env: D1Env, cutoff: number, budget: PruneBudget): Promise<number> {
  return pruneBefore(createDb(env), itemEvents, itemEvents.at, cutoff, budget);
}
