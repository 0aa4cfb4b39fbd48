import { integer, sqliteTable, text, index } from "drizzle-orm/sqlite-core";

/** Every message that ended in a dead-letter queue, kept for inspection and replay. */
export const deadLetters = sqliteTable(
  "dead_letters",
  {
    id: text("id").primaryKey(),
    queue: text("queue").notNull(),
    body: text("body").notNull(),
    reason: text("reason"),
    attempts: integer("attempts").notNull(),
    receivedAt: integer("received_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("dead_letters_received_idx").on(t.receivedAt)],
);
export type DeadLetterRow = typeof deadLetters.$inferSelect;
