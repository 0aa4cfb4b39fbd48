import { blob, index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const items = sqliteTable(
  "items",
  {
    id: text("id").primaryKey(),
    title: text("title").notNull(),
    category: text("category").notNull(),
    description: text("description").notNull().default(""),
    price: real("price").notNull(),
    /** ISO 4217 code of `price` (e.g. KRW, USD); items written before it existed are USD. */
    currency: text("currency").notNull().default("USD"),
    stock: integer("stock").notNull(),
    /** float32 embedding of title + category + description; null until embedded */
    vector: blob("vector", { mode: "buffer" }),
    embeddingModel: text("embedding_model"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("items_category_idx").on(t.category, t.createdAt)],
);
export type ItemRow = typeof items.$inferSelect;

/**
 * The behaviour log: every accepted event, once (keyed by the user's trace id), kept for
 * BEHAVIOUR_LOG_RETENTION_DAYS. Written on every event, so it carries only the index retention needs.
 */
export const itemEvents = sqliteTable(
  "item_events",
  {
    userId: text("user_id").notNull(),
    traceId: text("trace_id").notNull(),
    type: text("type", { enum: ["view", "click", "search", "add_to_cart", "purchase", "dismiss"] }).notNull(),
    itemId: text("item_id"),
    query: text("query"),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.traceId] }), index("item_events_at_idx").on(t.at)],
);

/**
 * Who showed interest in which item and when last: the audience of a price drop. Read by item through
 * the primary key (paged by user id); rows older than PRICE_DROP_INTEREST_DAYS are deleted by the
 * maintenance cron through the `last_at` index.
 */
export const itemInterest = sqliteTable(
  "item_interest",
  {
    itemId: text("item_id").notNull(),
    userId: text("user_id").notNull(),
    kind: text("kind", { enum: ["view", "click", "add_to_cart", "search"] }).notNull(),
    lastAt: integer("last_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.userId] }), index("item_interest_last_at_idx").on(t.lastAt)],
);

/**
 * Price drops of the last day. An event's interest reaches `item_interest` when the user's outbox
 * flushes (up to seconds later), possibly after a drop's fan-out read its audience; the behaviour
 * log looks here for drops newer than the event, so interest shown before a drop always counts.
 */
export const priceDrops = sqliteTable(
  "price_drops",
  {
    itemId: text("item_id").notNull(),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
    fromPrice: real("from_price").notNull(),
    toPrice: real("to_price").notNull(),
    percent: real("percent").notNull(),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.at] }), index("price_drops_at_idx").on(t.at)],
);
