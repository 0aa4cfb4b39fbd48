import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** What is in the knowledge index, so re-seeding skips unchanged documents and removes stale chunks. */
export const knowledgeDocs = sqliteTable("knowledge_docs", {
  docId: text("doc_id").primaryKey(),
  path: text("path").notNull(),
  title: text("title").notNull(),
  kind: text("kind").notNull(),
  contentHash: text("content_hash").notNull(),
  chunkCount: integer("chunk_count").notNull(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
});

/** The index of coaching sessions for listing; messages live in each session's actor. */
export const coachSessions = sqliteTable(
  "coach_sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull(),
    leadershipType: text("leadership_type"),
    title: text("title"),
    messageCount: integer("message_count").notNull().default(0),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("coach_sessions_user_idx").on(t.userId, t.updatedAt)],
);
export type CoachSessionRow = typeof coachSessions.$inferSelect;

/** Every coaching request: who, which route, outcome, latency, and which model answered. */
export const requestLogs = sqliteTable(
  "request_logs",
  {
    id: text("id").primaryKey(),
    /** The HTTP request's X-Request-Id: the row's own id for a request, the asking request's for a coach turn. */
    requestId: text("request_id"),
    userId: text("user_id"),
    route: text("route").notNull(),
    method: text("method").notNull(),
    status: integer("status").notNull(),
    latencyMs: integer("latency_ms").notNull(),
    provider: text("provider"),
    model: text("model"),
    tokens: integer("tokens"),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("request_logs_at_idx").on(t.at), index("request_logs_user_idx").on(t.userId, t.at)],
);
