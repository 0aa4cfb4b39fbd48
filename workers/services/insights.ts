import { z } from "zod";
import type { Insight } from "../../schemas/insights";
import { CategoryMinutesSchema } from "../../schemas/lifelog";
import { type LabelKey } from "../../schemas/labels";
import { SAMPLER, discreteLaplace, toNumber, type LaplaceSampler } from "../domain/laplace";
import {
  DAILY_EPSILON,
  MIN_COHORT,
  QUERY_EPSILON,
  clipRow,
  margins,
  noisyInsight,
  type InsightAnswer,
} from "../domain/lifelog/insights";
import { labelValueKey } from "../domain/lifelog/label-value";
import { addDays } from "../domain/periods";
import { createDayAnalytics } from "../ports/analytics";
import { answerOfDay, spendAndStore } from "../ports/db/insights";
import type { AppEnv } from "../env";
import { FREE_LIMITS, takeLabelComparison, tierOf, type Metered, type Tier } from "./limits";

/** How far back a Free caller compares, today included; Pro compares over all history. */
export const FREE_WINDOW_DAYS = FREE_LIMITS.historyDays;

const StoredAnswerSchema = z.discriminatedUnion("suppressed", [
  z.object({ suppressed: z.literal(true) }),
  z.object({
    suppressed: z.literal(false),
    size: z.number().int(),
    minutesPerDay: CategoryMinutesSchema,
    exerciseDayShare: z.number().min(0).max(1),
  }),
]);

const parseStored = (text: string): InsightAnswer => StoredAnswerSchema.parse(JSON.parse(text));

export type InsightOptions = {
  now?: Date;
  /** The noise source; tests hand in a scripted one. */
  sample?: LaplaceSampler;
  /** The caller's tier when the caller already read it. */
  tier?: Tier;
};

/**
 * One label comparison as a person makes it (the route and the GraphQL field): Free counts it against
 * the day's five before anything is computed, and the sixth is a 402 that counts nothing; Pro is not
 * metered. A cached answer counts like a fresh one: the comparison was the person's use either way.
 */
export async function compareLabel(
  env: AppEnv,
  userId: string,
  query: { key: LabelKey; value: string },
  options: InsightOptions = {},
): Promise<{ insight: Insight; metered: Metered | null }> {
  const tier = options.tier ?? (await tierOf(env, userId));
  const metered = await takeLabelComparison(env, userId, tier, options.now);
  return { insight: await labelInsight(env, userId, query, { ...options, tier }), metered };
}

/**
 * The noisy averages of the people who share a label value, over the caller's window.
 *
 * Privacy budget: each cohort and window (Free's 30 days and Pro's all history are separate
 * queries) may draw DRAWS_PER_DAY fresh answers per UTC day at QUERY_EPSILON each. After that the
 * day's last answer is returned again (`cached: true`): re-releasing a noisy answer costs nothing, so
 * no number of repeated queries can average the noise away. Suppressed answers count as draws too,
 * which also bounds how often a day can probe the threshold. Per cohort and day the two windows
 * together spend at most 2 × DAILY_EPSILON. A fresh answer is computed before the budget is spent
 * and released only if spending succeeded; one that loses the race is thrown away unseen.
 */
export async function labelInsight(
  env: AppEnv,
  userId: string,
  query: { key: LabelKey; value: string },
  { now = new Date(), sample = discreteLaplace(), tier: known }: InsightOptions = {},
): Promise<Insight> {
  const tier = known ?? (await tierOf(env, userId));
  const today = now.toISOString().slice(0, 10);
  const since = tier === "pro" ? null : addDays(today, -(FREE_WINDOW_DAYS - 1));
  const valueKey = labelValueKey(query.value);
  const cohort = `${query.key}:${since === null ? "all" : `${FREE_WINDOW_DAYS}d`}:${valueKey}`;
  const epsilon = toNumber(QUERY_EPSILON);

  let answer: InsightAnswer;
  let cached = true;
  const earlier = await answerOfDay(env, cohort, today);
  if (earlier && earlier.epsilonSpent + epsilon > DAILY_EPSILON + 1e-9) {
    answer = parseStored(earlier.answer);
  } else {
    const totals = await createDayAnalytics(env).cohortTotals({ key: query.key, valueKey }, since);
    const rows = totals.flatMap((t) => clipRow(t) ?? []);
    const fresh = noisyInsight(rows, sample);
    const spend = { cohort, day: today, answer: JSON.stringify(fresh), epsilon, budget: DAILY_EPSILON };
    if (await spendAndStore(env, { ...spend, at: now.getTime() })) {
      answer = fresh;
      cached = false;
    } else {
      answer = parseStored((await answerOfDay(env, cohort, today))!.answer);
    }
  }

  return {
    cohort: { key: query.key, value: query.value, ...(answer.suppressed ? {} : { size: answer.size }) },
    window: { days: since === null ? null : FREE_WINDOW_DAYS, tier },
    suppressed: answer.suppressed,
    ...(answer.suppressed
      ? {}
      : {
          metrics: {
            minutesPerDay: answer.minutesPerDay,
            exerciseDayShare: answer.exerciseDayShare,
            margin95: margins(answer.size),
          },
        }),
    privacy: { mechanism: "laplace", sampler: SAMPLER, epsilon, cached, minCohort: MIN_COHORT },
  };
}
