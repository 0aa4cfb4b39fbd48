import { sql } from "drizzle-orm";
import { doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
/** When the consumer wrote the row: how far the archive lags behind acceptance. */
const archivedAt = () =>
  instant("archived_at")
    .notNull()
    .default(sql`now()`);

/**
 * Every accepted recommendation event, once (API.md "Archive"). A trace id is chosen by the client and
 * unique per user only (two users may both send "t-1"; D1's item_events is keyed the same way), so the
 * natural id is (user_id, trace_id): `trace_id` stays the client's value, which is what analysts join
 * on, and a redelivered event hits the primary key instead of adding a row.
 */
export const userActions = pgTable(
  "user_actions",
  {
    userId: text("user_id").notNull(),
    traceId: text("trace_id").notNull(),
    type: text("type").notNull(),
    itemId: text("item_id"),
    category: text("category"),
    query: text("query"),
    at: instant("at").notNull(),
    archivedAt: archivedAt(),
  },
  (t) => [
    primaryKey({ name: "user_actions_pkey", columns: [t.userId, t.traceId] }),
    index("user_actions_user_at_idx").on(t.userId, t.at),
    index("user_actions_at_idx").on(t.at),
  ],
);

/**
 * Every accepted life-log event, once. Event ids are the client's, unique per user. `metadata` is kept
 * exactly as the actor sealed it: `place` and `geofenceId` are `v1.<iv>.<ciphertext>` under the user's
 * key, so erasing that key leaves these rows unreadable here too.
 */
export const activityEvents = pgTable(
  "activity_events",
  {
    userId: text("user_id").notNull(),
    eventId: text("event_id").notNull(),
    source: text("source").notNull(),
    startAt: instant("start_at").notNull(),
    endAt: instant("end_at").notNull(),
    deviceId: text("device_id"),
    category: text("category").notNull(),
    confidence: doublePrecision("confidence").notNull(),
    metadata: jsonb("metadata").notNull(),
    archivedAt: archivedAt(),
  },
  (t) => [
    primaryKey({ name: "activity_events_pkey", columns: [t.userId, t.eventId] }),
    index("activity_events_user_start_idx").on(t.userId, t.startAt),
    index("activity_events_start_idx").on(t.startAt),
  ],
);

/**
 * Every logged API request (and every streamed coach turn, route `coach.answer`). `id` is the log
 * message's id, the natural id a redelivery repeats: the request's X-Request-Id for an HTTP request.
 */
export const apiRequestLogs = pgTable(
  "api_request_logs",
  {
    id: text("id").primaryKey(),
    requestId: text("request_id").notNull(),
    userId: text("user_id"),
    method: text("method").notNull(),
    route: text("route").notNull(),
    status: integer("status").notNull(),
    durationMs: integer("duration_ms").notNull(),
    provider: text("provider"),
    model: text("model"),
    tokens: integer("tokens"),
    at: instant("at").notNull(),
    archivedAt: archivedAt(),
  },
  (t) => [index("api_request_logs_user_at_idx").on(t.userId, t.at), index("api_request_logs_at_idx").on(t.at)],
);
