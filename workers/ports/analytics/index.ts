import type { LabelKey } from "../../../schemas/labels";
import type { PersonTotals } from "../../domain/lifelog/insights";
import type { DayHours } from "../../domain/lifelog/rhythm";
import type { AppEnv } from "../../env";
import { cohortMembers, cohortTotals, personTotals } from "../db/insights";
import { dayHours, dayTotals, personDayMinutes } from "../db/pg/analytics";
import { personDays } from "../db/analytics-reports";
import type { DayTotals } from "../../domain/monthly-report";
import { hoursSince } from "../db/rhythms";

/**
 * Where label insights, rhythm matches and growth reports read people's day totals (`activity_days`):
 * the Postgres archive when the HYPERDRIVE binding is configured (analytics stay off the database the
 * API writes to), else D1. Both hold the same rows: the consumer writes each `timeline.day` summary to
 * D1 and, with the archive, to Postgres. Who belongs to a cohort, and who chose `private`, is always
 * read from D1, where labels and privacy settings are written, so a change there counts at once.
 */
export interface DayAnalytics {
  readonly store: "d1" | "postgres";
  /** Each counted member's totals over days ≥ since (null: all history), at most COHORT_ROWS_LIMIT people. */
  cohortTotals(cohort: { key: LabelKey; valueKey: string }, since: string | null): Promise<PersonTotals[]>;
  /** One person's totals from `since` to `until` (both included); null without a logged day. */
  personTotals(userId: string, window: { since: string; until: string }): Promise<PersonTotals | null>;
  /** Each person's days from `since` on with their hour × category minutes. */
  hoursSince(userIds: string[], since: string): Promise<Map<string, DayHours[]>>;
  /** One person's logged days in the window (both ends included) with minutes per category, oldest first. */
  personDays(userId: string, window: { since: string; until: string }): Promise<DayTotals[]>;
}

export function createDayAnalytics(env: AppEnv): DayAnalytics {
  const hyperdrive = env.HYPERDRIVE;
  if (!hyperdrive)
    return {
      store: "d1",
      cohortTotals: (cohort, since) => cohortTotals(env, cohort, since),
      personTotals: (userId, window) => personTotals(env, userId, window),
      hoursSince: (userIds, since) => hoursSince(env, userIds, since),
      personDays: (userId, window) => personDays(env, userId, window),
    };
  return {
    store: "postgres",
    async cohortTotals(cohort, since) {
      const members = await cohortMembers(env, cohort);
      return [...(await dayTotals(hyperdrive, members, { since })).values()];
    },
    async personTotals(userId, window) {
      return (await dayTotals(hyperdrive, [userId], window)).get(userId) ?? null;
    },
    hoursSince: (userIds, since) => dayHours(hyperdrive, userIds, since),
    personDays: (userId, window) => personDayMinutes(hyperdrive, userId, window),
  };
}
