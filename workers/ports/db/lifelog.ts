import { and, eq, gte, lte, sql } from "drizzle-orm";
import { activityDays, activityEvents, lifelogVisibility, timelineDays } from "../../../schemas/db";
import type { ActivityRecord, DaySummary, TimelineEntry, Visibility } from "../../../schemas/lifelog";
import { createDb, type D1Env } from "./d1";

/**
 * The archive of accepted life-log events, once each: replays and redeliveries change nothing.
 * One statement per message (json_each binds the whole batch as one value; D1 binds at most 100).
 */
export async function archiveActivity(env: D1Env, userId: string, records: ActivityRecord[], now: number) {
  await createDb(env).run(sql`
    INSERT OR IGNORE INTO ${activityEvents} (user_id, event_id, source, start_at, end_at, device_id, category,
      confidence, metadata, received_at)
    SELECT ${userId}, e.value ->> '$.eventId', e.value ->> '$.source', e.value ->> '$.start', e.value ->> '$.end',
      e.value ->> '$.deviceId', e.value ->> '$.category', e.value ->> '$.confidence', e.value -> '$.metadata', ${now}
    FROM json_each(${JSON.stringify(records)}) AS e`);
}

/** A day's totals replace the earlier ones, unless a newer summary already arrived (messages may cross). */
export async function saveDaySummary(env: D1Env, userId: string, s: DaySummary): Promise<void> {
  await createDb(env)
    .insert(activityDays)
    .values({
      userId,
      day: s.day,
      tz: s.tz,
      minutes: JSON.stringify(s.minutes),
      hours: JSON.stringify(s.hours),
      exercise: s.exercise ? 1 : 0,
      updatedAt: s.at,
    })
    .onConflictDoUpdate({
      target: [activityDays.userId, activityDays.day],
      set: {
        tz: s.tz,
        minutes: JSON.stringify(s.minutes),
        hours: JSON.stringify(s.hours),
        exercise: s.exercise ? 1 : 0,
        updatedAt: s.at,
      },
      setWhere: sql`${activityDays.updatedAt} <= ${s.at}`,
    });
}

export type ArchivedDay = { day: string; tz: string; entries: TimelineEntry[] };

/** Days that left the user's actor (older than its hot window), in `[from, to]`. */
export async function archivedDays(env: D1Env, userId: string, from: string, to: string): Promise<ArchivedDay[]> {
  const rows = await createDb(env)
    .select({ day: timelineDays.day, tz: timelineDays.tz, entries: timelineDays.entries })
    .from(timelineDays)
    .where(and(eq(timelineDays.userId, userId), gte(timelineDays.day, from), lte(timelineDays.day, to)))
    .orderBy(timelineDays.day);
  // written by archiveDays below from the actor's own blocks
  return rows.map((r) => ({ day: r.day, tz: r.tz, entries: JSON.parse(r.entries) as TimelineEntry[] }));
}

/** Writes (or rewrites, when late events arrived) archived days in one batch. */
export async function archiveDays(env: D1Env, userId: string, days: ArchivedDay[], now: number): Promise<void> {
  if (days.length === 0) return;
  const db = createDb(env);
  const [first, ...rest] = days.map((d) =>
    db
      .insert(timelineDays)
      .values({ userId, day: d.day, tz: d.tz, entries: JSON.stringify(d.entries), archivedAt: now })
      .onConflictDoUpdate({
        target: [timelineDays.userId, timelineDays.day],
        set: { tz: d.tz, entries: JSON.stringify(d.entries), archivedAt: now },
      }),
  );
  await db.batch([first!, ...rest]);
}

/** Mirrors the visibility the user's life-log actor holds; an older write never replaces a newer one. */
export async function saveVisibility(env: D1Env, userId: string, visibility: Visibility, at: number): Promise<void> {
  await createDb(env)
    .insert(lifelogVisibility)
    .values({ userId, visibility, updatedAt: at })
    .onConflictDoUpdate({
      target: lifelogVisibility.userId,
      set: { visibility, updatedAt: at },
      setWhere: sql`${lifelogVisibility.updatedAt} <= ${at}`,
    });
}
