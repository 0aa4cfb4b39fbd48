import { boolean, date, index, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/**
 * A day's classified totals per user in the user's zone (the `timeline.day` message), the Postgres twin
 * of D1's activity_days that label insights and rhythm vectors read: analysts aggregate days here
 * without touching D1. A day's newer summary replaces the older one; an older one arriving late does not.
 */
export const activityDays = pgTable(
  "activity_days",
  {
    userId: text("user_id").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    tz: text("tz").notNull(),
    /** `{category: minutes}`. */
    minutes: jsonb("minutes").notNull(),
    /** 24 × 10 minutes: hour of the local day × category, in CATEGORIES order. */
    hours: jsonb("hours").notNull(),
    exercise: boolean("exercise").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [
    primaryKey({ name: "activity_days_pkey", columns: [t.userId, t.day] }),
    index("activity_days_day_idx").on(t.day),
  ],
);
