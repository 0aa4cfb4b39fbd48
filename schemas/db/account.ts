import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * What a person has paid for, as Stripe last said it. `users.tier` is derived from this row by the
 * billing service in the same D1 batch, so the many statements that join `users.tier` stay exact.
 * `stateAt` is the Stripe `created` (seconds) of the event that set the subscription state: an older
 * event arriving later never moves the subscription backwards.
 */
export const userEntitlements = sqliteTable(
  "user_entitlements",
  {
    userId: text("user_id").primaryKey(),
    tier: text("tier", { enum: ["free", "pro"] })
      .notNull()
      .default("free"),
    status: text("status", { enum: ["none", "active", "trialing", "past_due", "canceled"] })
      .notNull()
      .default("none"),
    stripeCustomerId: text("stripe_customer_id"),
    stripeSubscriptionId: text("stripe_subscription_id"),
    renewsAt: integer("renews_at"),
    /** After a failed payment: Pro until then, Free after (the cron downgrades). */
    graceUntil: integer("grace_until"),
    stateAt: integer("state_at").notNull().default(0),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    index("user_entitlements_customer_idx").on(t.stripeCustomerId),
    index("user_entitlements_grace_idx").on(t.graceUntil),
  ],
);

/** Every Stripe event id applied, once (a replayed delivery changes nothing). Holds no user data. */
export const stripeEvents = sqliteTable("stripe_events", {
  id: text("id").primaryKey(),
  type: text("type").notNull(),
  created: integer("created").notNull(),
  appliedAt: integer("applied_at").notNull(),
});

/** Metered Free limits (e.g. label comparisons a day): one row per user, limit and window. */
export const usageCounters = sqliteTable(
  "usage_counters",
  {
    userId: text("user_id").notNull(),
    name: text("name").notNull(),
    /** The window the count belongs to, e.g. the UTC day `2026-12-05`. */
    window: text("window").notNull(),
    count: integer("count").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.userId, t.name, t.window] })],
);

/**
 * Token epochs: tokens of the subject issued before `notBefore` (ms) are refused. Keyed by the subject's
 * hash (`subjectHash`), so the row outlives an erasure without naming the person. The `notBefore` index
 * answers the newest epoch of all (`latestTokenEpoch`) in one index step.
 */
export const revokedSubjects = sqliteTable(
  "revoked_subjects",
  {
    subjectHash: text("subject_hash").primaryKey(),
    notBefore: integer("not_before").notNull(),
  },
  (t) => [index("revoked_subjects_not_before_idx").on(t.notBefore)],
);

/** What an erasure removed, kept after it without the person's data (stores and counts only). */
export const erasureReceipts = sqliteTable(
  "erasure_receipts",
  {
    id: text("id").primaryKey(),
    subjectHash: text("subject_hash").notNull(),
    status: text("status", { enum: ["running", "completed"] }).notNull(),
    /** JSON `{[store]: count}`. */
    stores: text("stores").notNull().default("{}"),
    requestedAt: integer("requested_at").notNull(),
    completedAt: integer("completed_at"),
  },
  (t) => [index("erasure_receipts_subject_idx").on(t.subjectHash)],
);

/**
 * Append-only audit log (UPDATE and DELETE are refused by triggers in the migration): who exported or
 * erased what and when. People are named by hash, so an erasure leaves the log intact and anonymous.
 */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: integer("at").notNull(),
    actorHash: text("actor_hash").notNull(),
    action: text("action").notNull(),
    subjectHash: text("subject_hash").notNull(),
    /** JSON with no personal data: counts, store names, request id. */
    detail: text("detail").notNull().default("{}"),
  },
  (t) => [index("audit_log_subject_idx").on(t.subjectHash, t.at)],
);

/** Pro analytics reports: one per job; the document is in R2 under `objectKey` once it is written. */
export const analyticsReports = sqliteTable(
  "analytics_reports",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull(),
    type: text("type", { enum: ["monthly", "goal_forecast"] }).notNull(),
    input: text("input").notNull().default("{}"),
    objectKey: text("object_key"),
    createdAt: integer("created_at").notNull(),
    completedAt: integer("completed_at"),
  },
  (t) => [index("analytics_reports_user_idx").on(t.userId, t.createdAt)],
);
