import type { AppEnv } from "../env";
import { downgradeExpiredGrace } from "../ports/db/entitlements";
import { announce } from "../services/billing";

/** Users one statement downgrades, and statements a run: a backlog beyond that waits 15 minutes. */
export const GRACE_BATCH = 100;
const BATCHES_PER_RUN = 10;

/**
 * Grace then downgrade: everyone whose grace period after a failed payment ended by `now` becomes Free in
 * `users.tier`, which every tier check reads (GET /v1/me/entitlements already answers Free from the end of
 * the grace period). The status stays `past_due`, as Stripe still calls the subscription; a later payment
 * (`customer.subscription.updated` to active) makes them Pro again, a cancellation makes it `canceled`.
 */
export async function endGracePeriods(env: AppEnv, now: Date): Promise<{ downgraded: number }> {
  let downgraded = 0;
  for (let run = 0; run < BATCHES_PER_RUN; run++) {
    const ids = await downgradeExpiredGrace(env, now.getTime(), GRACE_BATCH);
    downgraded += ids.length;
    for (const id of ids)
      await announce(env, id, { tier: "free", status: "past_due", graceUntil: null }, now.getTime());
    if (ids.length < GRACE_BATCH) break;
  }
  return { downgraded };
}
