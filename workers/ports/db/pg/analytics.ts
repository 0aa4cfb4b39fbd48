import { sql, type SQL } from "drizzle-orm";
import { CATEGORIES, DaySummarySchema, type CategoryMinutes, type DaySummary } from "../../../../schemas/lifelog";
import { activityDays } from "../../../../schemas/db/pg";
import type { PersonTotals } from "../../../domain/lifelog/insights";
import type { DayHours } from "../../../domain/lifelog/rhythm";
import { iso, read, write } from "./client";

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

/** The people as one parameter (a JSON array): any number of them, one fixed statement text. */
const among = (userIds: readonly string[]) =>
  sql`${activityDays.userId} IN (SELECT value FROM json_array_elements_text(${JSON.stringify(userIds)}::json))`;

const within = ({ since, until }: { since: string | null; until?: string }): SQL =>
  sql.join(
    [
      since === null ? sql`true` : sql`${activityDays.day} >= ${since}::date`,
      until === undefined ? sql`true` : sql`${activityDays.day} <= ${until}::date`,
    ],
    sql` AND `,
  );

type TotalsRow = { user_id: string; days: number; exercise_days: number } & Record<string, number | string>;

/**
 * Each listed person's totals over the days in the window, one row per person who has any: the same
 * figures D1's cohort query sums, for label insights and growth reports when the archive is configured.
 */
export async function dayTotals(
  hyperdrive: Hyperdrive,
  userIds: readonly string[],
  window: { since: string | null; until?: string },
): Promise<Map<string, PersonTotals>> {
  if (userIds.length === 0) return new Map();
  const columns = CATEGORIES.map(
    (c) => sql`coalesce(sum((${activityDays.minutes} ->> ${c})::float8), 0)::float8 AS ${sql.identifier(c)}`,
  );
  const rows = await read<TotalsRow>(
    hyperdrive,
    sql`
    SELECT ${activityDays.userId} AS user_id, count(*)::int AS days,
      (count(*) FILTER (WHERE ${activityDays.exercise}))::int AS exercise_days, ${sql.join(columns, sql`, `)}
    FROM ${activityDays}
    WHERE ${among(userIds)} AND ${within(window)}
    GROUP BY ${activityDays.userId}
    ORDER BY ${activityDays.userId}`,
  );
  return new Map(
    rows.map((r) => [
      r.user_id,
      {
        days: Number(r.days),
        exerciseDays: Number(r.exercise_days),
        minutes: Object.fromEntries(CATEGORIES.map((c) => [c, Number(r[c])])) as CategoryMinutes,
      },
    ]),
  );
}

const HoursSchema = DaySummarySchema.shape.hours;

/** Each person's days from `since` on with their hour × category minutes; malformed rows are left out. */
export async function dayHours(
  hyperdrive: Hyperdrive,
  userIds: readonly string[],
  since: string,
): Promise<Map<string, DayHours[]>> {
  const byUser = new Map<string, DayHours[]>();
  if (userIds.length === 0) return byUser;
  const rows = await read<{ user_id: string; day: string; hours: unknown }>(
    hyperdrive,
    sql`
    SELECT ${activityDays.userId} AS user_id, to_char(${activityDays.day}, 'YYYY-MM-DD') AS day, ${activityDays.hours} AS hours
    FROM ${activityDays}
    WHERE ${among(userIds)} AND ${within({ since })}
    ORDER BY ${activityDays.userId}, ${activityDays.day}`,
  );
  for (const row of rows) {
    const hours = HoursSchema.safeParse(row.hours);
    if (!hours.success) continue;
    byUser.set(row.user_id, [...(byUser.get(row.user_id) ?? []), { day: row.day, hours: hours.data }]);
  }
  return byUser;
}

/** One person's day totals in the window (both ends included), oldest first; malformed rows are left out. */
export async function personDayMinutes(
  hyperdrive: Hyperdrive,
  userId: string,
  window: { since: string; until: string },
): Promise<{ day: string; minutes: CategoryMinutes }[]> {
  const rows = await read<{ day: string; minutes: unknown }>(
    hyperdrive,
    sql`
    SELECT to_char(${activityDays.day}, 'YYYY-MM-DD') AS day, ${activityDays.minutes} AS minutes
    FROM ${activityDays}
    WHERE ${activityDays.userId} = ${userId} AND ${within(window)}
    ORDER BY ${activityDays.day}`,
  );
  return rows.flatMap((row) => {
    const minutes = DaySummarySchema.shape.minutes.safeParse(row.minutes);
    if (!minutes.success) return [];
    const m = minutes.data as Partial<CategoryMinutes>;
    return [
      { day: row.day, minutes: Object.fromEntries(CATEGORIES.map((c) => [c, Number(m[c] ?? 0)])) as CategoryMinutes },
    ];
  });
}
