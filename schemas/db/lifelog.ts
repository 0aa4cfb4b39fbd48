import { index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Every accepted life-log event, once (the archive; the user's actor keeps the hot copy). Location
 * metadata arrives encrypted with the user's key, so deleting that key makes these rows unreadable.
 */
export const activityEvents = sqliteTable(
  "activity_events",
  {
    userId: text("user_id").notNull(),
    eventId: text("event_id").notNull(),
    source: text("source").notNull(),
    startAt: integer("start_at").notNull(),
    endAt: integer("end_at").notNull(),
    deviceId: text("device_id"),
    category: text("category").notNull(),
    confidence: real("confidence").notNull(),
    metadata: text("metadata").notNull(),
    receivedAt: integer("received_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.eventId] }),
    index("activity_events_user_start_idx").on(t.userId, t.startAt),
  ],
);

/** A day's classified totals per user, in the user's zone: what insights and rhythm vectors read. */
export const activityDays = sqliteTable(
  "activity_days",
  {
    userId: text("user_id").notNull(),
    day: text("day").notNull(),
    tz: text("tz").notNull(),
    /** `{category: minutes}`. */
    minutes: text("minutes").notNull(),
    /** 24 × 10 minutes: hour of the local day × category, in CATEGORIES order. */
    hours: text("hours").notNull(),
    exercise: integer("exercise").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.day] }), index("activity_days_day_idx").on(t.day)],
);

/** Days that left the actor's hot window: the final blocks, read by GET /v1/timeline for old days. */
export const timelineDays = sqliteTable(
  "timeline_days",
  {
    userId: text("user_id").notNull(),
    day: text("day").notNull(),
    tz: text("tz").notNull(),
    entries: text("entries").notNull(),
    archivedAt: integer("archived_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.day] })],
);

/** Who may be counted in insights and matched: mirrors the visibility the user's actor holds. */
export const lifelogVisibility = sqliteTable(
  "lifelog_visibility",
  {
    userId: text("user_id").primaryKey(),
    visibility: text("visibility", { enum: ["private", "stats_only", "anonymized_timeline"] }).notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("lifelog_visibility_idx").on(t.visibility)],
);

export const userLabels = sqliteTable(
  "user_labels",
  {
    userId: text("user_id").notNull(),
    key: text("key", { enum: ["affiliation", "role", "interest", "region", "age_band"] }).notNull(),
    value: text("value").notNull(),
    /** Lower-cased, trimmed value: cohorts are found by it. */
    valueKey: text("value_key").notNull(),
    visibility: text("visibility", { enum: ["public", "private"] }).notNull(),
    domain: text("domain"),
    verifiedAt: integer("verified_at"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] }), index("user_labels_cohort_idx").on(t.key, t.valueKey)],
);

/** One pending email verification per label: a hashed code, its expiry and the wrong attempts. */
export const labelVerifications = sqliteTable(
  "label_verifications",
  {
    userId: text("user_id").notNull(),
    key: text("key").notNull(),
    email: text("email").notNull(),
    codeHash: text("code_hash").notNull(),
    expiresAt: integer("expires_at").notNull(),
    attempts: integer("attempts").notNull().default(0),
    lockedUntil: integer("locked_until"),
    usedAt: integer("used_at"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] })],
);

/** What the default email port "sent" (development shows it at GET /v1/admin/outbox/email). */
export const emailOutbox = sqliteTable(
  "email_outbox",
  {
    id: text("id").primaryKey(),
    to: text("to_address").notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("email_outbox_created_idx").on(t.createdAt)],
);

/** A cohort's noisy answer of the day: once the day's budget is spent, the same answer is returned. */
export const insightAnswers = sqliteTable(
  "insight_answers",
  {
    cohort: text("cohort").notNull(),
    day: text("day").notNull(),
    answer: text("answer").notNull(),
    epsilonSpent: real("epsilon_spent").notNull(),
    draws: integer("draws").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.cohort, t.day] })],
);
