import { and, eq, gte, lte, ne, sql, type SQL } from "drizzle-orm";
import { activityDays, insightAnswers, lifelogVisibility, userLabels } from "../../../schemas/db";
import { CATEGORIES, type Category, type CategoryMinutes } from "../../../schemas/lifelog";
import { type LabelKey } from "../../../schemas/labels";
import type { PersonTotals } from "../../domain/lifelog/insights";
import { createDb, type D1Env } from "./d1";

/**
 * The most people one cohort query returns. A larger cohort is described by the first this many by
 * user id (ids say nothing about behaviour); leaving people out never weakens the privacy guarantee.
 */
export const COHORT_ROWS_LIMIT = 10_000;

const minutesOf = (c: Category): SQL<number> =>
  sql<number>`sum(coalesce(json_extract(${activityDays.minutes}, ${`$.${c}`}), 0))`;

/** Minutes summed per category, a column each. */
const categorySums = () =>
  Object.fromEntries(CATEGORIES.map((c) => [c, minutesOf(c)])) as Record<Category, SQL<number>>;

const counted = (cohort: { key: LabelKey; valueKey: string }) =>
  and(
    eq(userLabels.key, cohort.key),
    eq(userLabels.valueKey, cohort.valueKey),
    ne(sql`coalesce(${lifelogVisibility.visibility}, 'stats_only')`, "private"),
  );

const toTotals = (r: { days: number; exerciseDays: number } & Record<Category, number>): PersonTotals => ({
  days: Number(r.days),
  exerciseDays: Number(r.exerciseDays),
  minutes: Object.fromEntries(CATEGORIES.map((c) => [c, Number(r[c])])) as CategoryMinutes,
});

/**
 * Each counted member's totals over the window, one row per person (GROUP BY user): the cohort is
 * found through `user_labels (key, value_key)`, each member's days through the `activity_days`
 * primary key (user_id, day ≥ since), their visibility by its primary key. A person with no
 * visibility row has the default `stats_only`; `private` people are never counted. A private
 * *label* still counts its owner: the answer names no one, and label visibility only governs who
 * sees the label itself.
 */
export async function cohortTotals(
  env: D1Env,
  cohort: { key: LabelKey; valueKey: string },
  since: string | null,
): Promise<PersonTotals[]> {
  const rows = await createDb(env)
    .select({
      days: sql<number>`count(*)`,
      exerciseDays: sql<number>`sum(${activityDays.exercise})`,
      ...categorySums(),
    })
    .from(userLabels)
    .innerJoin(
      activityDays,
      and(eq(activityDays.userId, userLabels.userId), since === null ? undefined : gte(activityDays.day, since)),
    )
    .leftJoin(lifelogVisibility, eq(lifelogVisibility.userId, userLabels.userId))
    .where(counted(cohort))
    .groupBy(activityDays.userId)
    .orderBy(activityDays.userId)
    .limit(COHORT_ROWS_LIMIT);
  return rows.map(toTotals);
}

/**
 * The people a cohort counts (the same rule as `cohortTotals`), by user id, at most COHORT_ROWS_LIMIT:
 * membership stays in D1 when the days are read from the Postgres archive.
 */
export async function cohortMembers(env: D1Env, cohort: { key: LabelKey; valueKey: string }): Promise<string[]> {
  const rows = await createDb(env)
    .select({ userId: userLabels.userId })
    .from(userLabels)
    .leftJoin(lifelogVisibility, eq(lifelogVisibility.userId, userLabels.userId))
    .where(counted(cohort))
    .orderBy(userLabels.userId)
    .limit(COHORT_ROWS_LIMIT);
  return rows.map((r) => r.userId);
}

/** One person's totals over the days from `since` to `until` (both included); null without a logged day. */
export async function personTotals(
  env: D1Env,
  userId: string,
  window: { since: string; until: string },
): Promise<PersonTotals | null> {
  const [row] = await createDb(env)
    .select({
      days: sql<number>`count(*)`,
      exerciseDays: sql<number>`sum(${activityDays.exercise})`,
      ...categorySums(),
    })
    .from(activityDays)
    .where(
      and(eq(activityDays.userId, userId), gte(activityDays.day, window.since), lte(activityDays.day, window.until)),
    );
  return row && Number(row.days) > 0 ? toTotals(row) : null;
}

export type StoredAnswer = { answer: string; epsilonSpent: number; draws: number };

/** The cohort's latest answer of the day and what it has spent, if it was asked today. */
export async function answerOfDay(env: D1Env, cohort: string, day: string): Promise<StoredAnswer | undefined> {
  const [row] = await createDb(env)
    .select({ answer: insightAnswers.answer, epsilonSpent: insightAnswers.epsilonSpent, draws: insightAnswers.draws })
    .from(insightAnswers)
    .where(and(eq(insightAnswers.cohort, cohort), eq(insightAnswers.day, day)))
    .limit(1);
  return row;
}

/**
 * Spends `epsilon` of the day's `budget` and stores `answer` as the day's answer, in one statement:
 * the first draw inserts the row, later ones update it only while the budget allows. D1 runs each
 * statement atomically, so concurrent requests can never spend more than the budget together.
 * False when the budget is spent (nothing changed; the caller must not release its answer).
 */
export async function spendAndStore(
  env: D1Env,
  spend: { cohort: string; day: string; answer: string; epsilon: number; budget: number; at: number },
): Promise<boolean> {
  // a float sum of several ε may land a hair above the budget it equals
  const ceiling = spend.budget + 1e-9;
  const rows = await createDb(env)
    .insert(insightAnswers)
    .values({
      cohort: spend.cohort,
      day: spend.day,
      answer: spend.answer,
      epsilonSpent: spend.epsilon,
      draws: 1,
      updatedAt: spend.at,
    })
    .onConflictDoUpdate({
      target: [insightAnswers.cohort, insightAnswers.day],
      set: {
        answer: sql`excluded.answer`,
        epsilonSpent: sql`${insightAnswers.epsilonSpent} + excluded.epsilon_spent`,
        draws: sql`${insightAnswers.draws} + 1`,
        updatedAt: sql`excluded.updated_at`,
      },
      setWhere: sql`${insightAnswers.epsilonSpent} + excluded.epsilon_spent <= ${ceiling}`,
    })
    .returning({ draws: insightAnswers.draws });
  return rows.length === 1;
}
