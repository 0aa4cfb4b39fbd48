import { sql } from "drizzle-orm";
import type { DaySummary } from "../../../../schemas/lifelog";
import { activityDays } from "../../../../schemas/db/pg";
import { iso, write } from "./client";

/**
 * A day's totals into `activity_days`. Messages may cross (a retried older summary after a newer one),
 * so the row changes only for a strictly newer summary: the same message twice changes nothing.
 */
export async function upsertDaySummary(hyperdrive: Hyperdrive, userId: string, s: DaySummary): Promise<void> {
  const minutes = JSON.stringify(s.minutes);
  const hours = JSON.stringify(s.hours);
  await write(
    hyperdrive,
    "activity_days",
    1,
    sql`
    INSERT INTO ${activityDays} (user_id, day, tz, minutes, hours, exercise, updated_at)
    VALUES (${userId}, ${s.day}::date, ${s.tz}, ${minutes}::jsonb, ${hours}::jsonb, ${s.exercise}, ${iso(s.at)}::timestamptz)
    ON CONFLICT (user_id, day) DO UPDATE SET tz = excluded.tz, minutes = excluded.minutes, hours = excluded.hours,
      exercise = excluded.exercise, updated_at = excluded.updated_at
    WHERE ${activityDays}.updated_at < excluded.updated_at`,
  );
}
