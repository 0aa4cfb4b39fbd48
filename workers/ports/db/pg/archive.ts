import { sql } from "drizzle-orm";
import type { LoggedEvent } from "../../../../schemas/events";
import type { ActivityRecord } from "../../../../schemas/lifelog";
import { activityEvents, apiRequestLogs, userActions } from "../../../../schemas/db/pg";
import type { RequestLog } from "../request-logs";
import { iso, write } from "./client";

/*
 * Each batch is one INSERT … SELECT over json_to_recordset of a single JSON parameter: the statement
 * text is the same for 1 or 50,000 rows (one prepared statement, and no 65,535-parameter limit), and
 * ON CONFLICT DO NOTHING on the natural id makes a redelivered message, or the same row twice in one
 * batch, change nothing. Instants travel as ISO-8601 strings and are read as timestamptz.
 */

/** Accepted recommendation events into `user_actions`, each once. */
export async function insertUserActions(hyperdrive: Hyperdrive, events: LoggedEvent[]): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map((e) => ({
    user_id: e.userId,
    trace_id: e.traceId,
    type: e.type,
    item_id: e.itemId,
    category: e.category ?? null,
    query: e.query,
    at: iso(e.at),
  }));
  await write(
    hyperdrive,
    "user_actions",
    rows.length,
    sql`
    INSERT INTO ${userActions} (user_id, trace_id, type, item_id, category, query, at)
    SELECT user_id, trace_id, type, item_id, category, query, at
    FROM json_to_recordset(${JSON.stringify(rows)}::json) AS r(user_id text, trace_id text, type text,
      item_id text, category text, query text, at timestamptz)
    ON CONFLICT DO NOTHING`,
  );
}

/** Accepted life-log events of one user into `activity_events`, each once, metadata still sealed. */
export async function insertActivityEvents(
  hyperdrive: Hyperdrive,
  userId: string,
  records: ActivityRecord[],
): Promise<void> {
  if (records.length === 0) return;
  const rows = records.map((r) => ({
    user_id: userId,
    event_id: r.eventId,
    source: r.source,
    start_at: iso(r.start),
    end_at: iso(r.end),
    device_id: r.deviceId,
    category: r.category,
    confidence: r.confidence,
    metadata: r.metadata,
  }));
  await write(
    hyperdrive,
    "activity_events",
    rows.length,
    sql`
    INSERT INTO ${activityEvents} (user_id, event_id, source, start_at, end_at, device_id, category,
      confidence, metadata)
    SELECT user_id, event_id, source, start_at, end_at, device_id, category, confidence, metadata
    FROM json_to_recordset(${JSON.stringify(rows)}::json) AS r(user_id text, event_id text, source text,
      start_at timestamptz, end_at timestamptz, device_id text, category text, confidence double precision,
      metadata jsonb)
    ON CONFLICT DO NOTHING`,
  );
}

/**
 * Request-log rows into `api_request_logs`, each once by `id`: the request's X-Request-Id for an HTTP
 * request, a fresh id for a coach turn, whose `request_id` names the HTTP request that asked (the
 * row's own id when nothing did: a question over the session's socket, or a turn restarted after eviction).
 */
export async function insertApiRequestLogs(hyperdrive: Hyperdrive, logs: RequestLog[]): Promise<void> {
  if (logs.length === 0) return;
  const rows = logs.map((l) => ({
    id: l.id,
    request_id: l.requestId ?? l.id,
    user_id: l.userId ?? null,
    method: l.method,
    route: l.route,
    status: l.status,
    duration_ms: l.latencyMs,
    provider: l.provider ?? null,
    model: l.model ?? null,
    tokens: l.tokens ?? null,
    at: iso(l.at),
  }));
  await write(
    hyperdrive,
    "api_request_logs",
    rows.length,
    sql`
    INSERT INTO ${apiRequestLogs} (id, request_id, user_id, method, route, status, duration_ms, provider,
      model, tokens, at)
    SELECT id, request_id, user_id, method, route, status, duration_ms, provider, model, tokens, at
    FROM json_to_recordset(${JSON.stringify(rows)}::json) AS r(id text, request_id text, user_id text,
      method text, route text, status integer, duration_ms integer, provider text, model text, tokens integer,
      at timestamptz)
    ON CONFLICT DO NOTHING`,
  );
}
