import { and, desc, eq, gte, lt, lte, or } from "drizzle-orm";
import { activityDays, analyticsReports } from "../../../schemas/db";
import { CategoryMinutesSchema, CATEGORIES, type CategoryMinutes } from "../../../schemas/lifelog";
import type { AnalyticsReportType } from "../../../schemas/analytics-reports";
import { paginate, type Keyset } from "../../domain/cursor";
import type { DayTotals } from "../../domain/monthly-report";
import { createDb, type D1Env } from "./d1";

export type AnalyticsReportRow = typeof analyticsReports.$inferSelect;

export async function insertReport(
  env: D1Env,
  row: { id: string; userId: string; type: AnalyticsReportType; input: unknown; createdAt: number },
): Promise<void> {
  await createDb(env)
    .insert(analyticsReports)
    .values({ ...row, input: JSON.stringify(row.input) });
}

export async function findReport(env: D1Env, id: string): Promise<AnalyticsReportRow | undefined> {
  return createDb(env).select().from(analyticsReports).where(eq(analyticsReports.id, id)).get();
}

/** Records where the written report lives; only the owner's row, and only once. */
export async function completeReport(
  env: D1Env,
  ref: { id: string; userId: string },
  objectKey: string,
  at: number,
): Promise<void> {
  await createDb(env)
    .update(analyticsReports)
    .set({ objectKey, completedAt: at })
    .where(and(eq(analyticsReports.id, ref.id), eq(analyticsReports.userId, ref.userId)));
}

/** The user's reports, newest first, keyset-paginated on (created_at, id) through the user index. */
export async function listReports(
  env: D1Env,
  userId: string,
  page: { limit: number; after?: Keyset },
): Promise<{ items: AnalyticsReportRow[]; nextCursor: string | null }> {
  const after = page.after
    ? or(
        lt(analyticsReports.createdAt, page.after.at),
        and(eq(analyticsReports.createdAt, page.after.at), lt(analyticsReports.id, page.after.id)),
      )
    : undefined;
  const rows = await createDb(env)
    .select()
    .from(analyticsReports)
    .where(and(eq(analyticsReports.userId, userId), after))
    .orderBy(desc(analyticsReports.createdAt), desc(analyticsReports.id))
    .limit(page.limit + 1);
  return paginate(rows, page.limit, (r) => ({ at: r.createdAt, id: r.id }));
}

const toMinutes = (raw: string): CategoryMinutes => {
  const parsed = CategoryMinutesSchema.safeParse(JSON.parse(raw));
  const m: Partial<CategoryMinutes> = parsed.success ? parsed.data : {};
  return Object.fromEntries(CATEGORIES.map((c) => [c, Number(m[c] ?? 0)])) as CategoryMinutes;
};

/** One person's day totals from `since` to `until` (both included), oldest first, by the primary key. */
export async function personDays(
  env: D1Env,
  userId: string,
  window: { since: string; until: string },
): Promise<DayTotals[]> {
  const rows = await createDb(env)
    .select({ day: activityDays.day, minutes: activityDays.minutes })
    .from(activityDays)
    .where(
      and(eq(activityDays.userId, userId), gte(activityDays.day, window.since), lte(activityDays.day, window.until)),
    )
    .orderBy(activityDays.day);
  return rows.map((r) => ({ day: r.day, minutes: toMinutes(r.minutes) }));
}
