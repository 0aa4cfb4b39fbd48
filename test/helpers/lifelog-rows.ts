import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { activityDays, lifelogVisibility, userLabels, users } from "../../schemas/db";
import { CATEGORIES, type Category, type Visibility } from "../../schemas/lifelog";
import { type LabelKey } from "../../schemas/labels";
import { labelValueKey } from "../../workers/domain/lifelog/label-value";
import { addDays } from "../../workers/domain/periods";
import { createDb } from "../../workers/ports/db/d1";
import { upsertUser } from "../../workers/ports/db/users";
import { archiveRows, hyperdrive } from "./postgres";

/**
 * Rows other parts of the life-log write (the day-totals consumer, PUT /v1/me/privacy, the label
 * routes), written straight to D1 so insight and match tests control exactly who holds what. Day
 * totals go where the consumer puts them: D1 and, when the Postgres archive runs, Postgres too,
 * which is where insights, matches and reports then read them.
 */

/** The UTC day `offset` days from today (negative: the past). */
export const dayFromToday = (offset: number) => addDays(new Date().toISOString().slice(0, 10), offset);

export type DayRow = {
  day: string;
  minutes?: Partial<Record<Category, number>>;
  exercise?: boolean;
  /** 240 minutes, hour × category; defaults to none. */
  hours?: number[];
};

const STATEMENTS_PER_BATCH = 50;

export type DayStore = "d1" | "postgres";

export async function putDays(
  userId: string,
  days: DayRow[],
  stores: readonly DayStore[] = hyperdrive ? ["d1", "postgres"] : ["d1"],
): Promise<void> {
  const rows = days.map((d) => ({
    userId,
    day: d.day,
    tz: "UTC",
    minutes: JSON.stringify(Object.fromEntries(CATEGORIES.map((c) => [c, d.minutes?.[c] ?? 0]))),
    hours: JSON.stringify(d.hours ?? new Array(24 * CATEGORIES.length).fill(0)),
    exercise: d.exercise ? 1 : 0,
    updatedAt: Date.now(),
  }));
  if (stores.includes("postgres")) await putDaysInPostgres(userId, rows);
  if (!stores.includes("d1")) return;
  const db = createDb(env);
  const statements = rows.map((row) => {
    return db
      .insert(activityDays)
      .values(row)
      .onConflictDoUpdate({ target: [activityDays.userId, activityDays.day], set: row });
  });
  for (let i = 0; i < statements.length; i += STATEMENTS_PER_BATCH) {
    const [first, ...rest] = statements.slice(i, i + STATEMENTS_PER_BATCH);
    await db.batch([first!, ...rest]);
  }
}

/** The same rows in the archive's `activity_days`, in one statement. */
async function putDaysInPostgres(
  userId: string,
  rows: { day: string; minutes: string; hours: string; exercise: number }[],
) {
  const json = rows.map((r) => ({
    ...r,
    minutes: JSON.parse(r.minutes),
    hours: JSON.parse(r.hours),
    exercise: r.exercise === 1,
  }));
  await archiveRows(
    `INSERT INTO activity_days (user_id, day, tz, minutes, hours, exercise, updated_at)
     SELECT $1, r.day::date, 'UTC', r.minutes, r.hours, r.exercise, now()
     FROM json_to_recordset($2::text::json) AS r(day text, minutes jsonb, hours jsonb, exercise boolean)
     ON CONFLICT (user_id, day) DO UPDATE SET minutes = excluded.minutes, hours = excluded.hours,
       exercise = excluded.exercise, updated_at = excluded.updated_at`,
    [userId, JSON.stringify(json)],
  );
}

export async function putVisibility(userId: string, visibility: Visibility): Promise<void> {
  const row = { userId, visibility, updatedAt: Date.now() };
  await createDb(env)
    .insert(lifelogVisibility)
    .values(row)
    .onConflictDoUpdate({ target: lifelogVisibility.userId, set: row });
}

export async function putLabel(
  userId: string,
  label: { key: LabelKey; value: string; visibility?: "public" | "private"; verified?: boolean },
): Promise<void> {
  const now = Date.now();
  const row = {
    userId,
    key: label.key,
    value: label.value,
    valueKey: labelValueKey(label.value),
    visibility: label.visibility ?? "public",
    verifiedAt: label.verified ? now : null,
    createdAt: now,
    updatedAt: now,
  };
  await createDb(env)
    .insert(userLabels)
    .values(row)
    .onConflictDoUpdate({ target: [userLabels.userId, userLabels.key], set: row });
}

export async function setTier(userId: string, tier: "free" | "pro"): Promise<void> {
  await upsertUser(env, { id: userId });
  await createDb(env).update(users).set({ tier }).where(eq(users.id, userId));
}
