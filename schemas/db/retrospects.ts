import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const retrospects = sqliteTable(
  "retrospects",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull(),
    purpose: text("purpose").notNull(),
    content: text("content").notNull(),
    mood: integer("mood"),
    tags: text("tags", { mode: "json" }).$type<string[]>().notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    feedbackStatus: text("feedback_status", { enum: ["pending", "ready", "failed"] }).notNull(),
    /** FeedbackContent as JSON once ready */
    feedback: text("feedback", { mode: "json" }),
    provider: text("provider"),
    model: text("model"),
    offline: integer("offline", { mode: "boolean" }).notNull().default(false),
    failureReason: text("failure_reason"),
    feedbackAt: integer("feedback_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("retrospects_user_idx").on(t.userId, t.createdAt, t.id)],
);
export type RetrospectRow = typeof retrospects.$inferSelect;

export const reports = sqliteTable(
  "reports",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull(),
    period: text("period", { enum: ["week", "month"] }).notNull(),
    from: text("from_day").notNull(),
    to: text("to_day").notNull(),
    status: text("status", { enum: ["pending", "ready", "failed"] }).notNull(),
    body: text("body", { mode: "json" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("reports_user_period_idx").on(t.userId, t.period, t.from),
    index("reports_user_created_idx").on(t.userId, t.createdAt),
  ],
);
export type ReportRow = typeof reports.$inferSelect;
