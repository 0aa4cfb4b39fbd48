import { LIMIT_HEADER } from "../../schemas/headers";
import { addDays, localDay } from "../domain/lifelog/days";
import type { AppEnv } from "../env";
import { PaymentRequiredError } from "../errors";
import { findUser } from "../ports/db/users";
import { takeUsage, usageOf } from "../ports/db/usage";

/** What Free includes; Pro has none of these limits (null = unlimited). The one source of these numbers. */
export const FREE_LIMITS = { historyDays: 30, labelComparisonsPerDay: 5 } as const;

export type Limits = {
  /** Days of timeline and insight history visible (null: all). */
  historyDays: number | null;
  /** Label comparisons a UTC day (null: unlimited). */
  labelComparisonsPerDay: number | null;
  labelComparisonsUsedToday: number;
  /** When today's comparisons reset (next UTC midnight). */
  labelComparisonsResetAt: string;
  proCommunities: boolean;
  analyticsReports: boolean;
};

export type Tier = "free" | "pro";

const LABEL_COMPARISONS = "label_comparisons";

/** The tier every limit check reads: `users.tier` in D1 (billing keeps it in step with Stripe). */
export async function tierOf(env: AppEnv, userId: string): Promise<Tier> {
  return (await findUser(env, userId))?.tier === "pro" ? "pro" : "free";
}

const utcDay = (now: Date) => now.toISOString().slice(0, 10);

/** The next UTC midnight after `now`: when a day's metered uses start again. */
export function nextUtcMidnight(now: Date): Date {
  const reset = new Date(now);
  reset.setUTCHours(24, 0, 0, 0);
  return reset;
}

/**
 * The first day of the timeline a tier may see, in `tz`: Free sees no day older than `historyDays` days
 * (today and the 30 days before it, which is exactly the life-log's hot window, so a Free read never
 * touches the archive); Pro sees everything (null). Older days are kept, only hidden.
 */
export function historySince(tier: Tier, tz: string, now = Date.now()): string | null {
  return tier === "pro" ? null : addDays(localDay(now, tz), -FREE_LIMITS.historyDays);
}

/** The 402 for a day Free cannot see; the route checks with it, and the actor hides the day regardless. */
export function historyRefusal(day: string, since: string): PaymentRequiredError {
  return new PaymentRequiredError(
    `Free shows the last ${FREE_LIMITS.historyDays} days (from ${since}); ${day} is older. ` +
      `Your older days are kept: Edge Coach Pro shows all of your history.`,
    "history_days",
  );
}

/** The caller's limits for `tier` and today's use of the metered ones. */
export async function limitsFor(env: AppEnv, userId: string, tier: "free" | "pro"): Promise<Limits> {
  const now = new Date();
  const pro = tier === "pro";
  const used = await usageOf(env, { userId, name: LABEL_COMPARISONS, window: utcDay(now) });
  return {
    historyDays: pro ? null : FREE_LIMITS.historyDays,
    labelComparisonsPerDay: pro ? null : FREE_LIMITS.labelComparisonsPerDay,
    labelComparisonsUsedToday: used,
    labelComparisonsResetAt: nextUtcMidnight(now).toISOString(),
    proCommunities: pro,
    analyticsReports: pro,
  };
}

export type Metered = { used: number; limit: number; resetsAt: Date };

/**
 * Counts one label comparison for a Free caller, or refuses with 402 when today's five are used (the
 * refused call counts nothing). Pro is neither counted nor refused. Returns today's use for Free.
 */
export async function takeLabelComparison(
  env: AppEnv,
  userId: string,
  tier: Tier,
  now = new Date(),
): Promise<Metered | null> {
  if (tier === "pro") return null;
  const limit = FREE_LIMITS.labelComparisonsPerDay;
  const resetsAt = nextUtcMidnight(now);
  const used = await takeUsage(env, { userId, name: LABEL_COMPARISONS, window: utcDay(now) }, limit);
  if (used === null)
    throw new PaymentRequiredError(
      `You have used today's ${limit} free label comparisons; they start again at ${resetsAt.toISOString()} ` +
        `(midnight UTC). Edge Coach Pro has no daily limit.`,
      LABEL_COMPARISONS,
      resetsAt,
    );
  return { used, limit, resetsAt };
}

/** `X-Edge-Coach-Limit` for a use near the end of a limit (the 4th and 5th of 5), else null. */
export function limitHeader(name: string, metered: Metered | null): [string, string] | null {
  if (!metered || metered.used < metered.limit - 1) return null;
  const value = `${name}; used=${metered.used}; limit=${metered.limit}; resets=${metered.resetsAt.toISOString()}`;
  return [LIMIT_HEADER, value];
}

export { LABEL_COMPARISONS };
