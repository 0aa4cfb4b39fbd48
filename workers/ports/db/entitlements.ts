import type { Entitlement } from "../../domain/billing";
import type { D1Env } from "./d1";

/**
 * `user_entitlements` and `stripe_events`. Times are ms except `state_at` and `stripe_events.created`,
 * which are Stripe's `created` (seconds). `users.tier` is what every tier check reads: it is only ever
 * written here from the entitlement row, in the same batch as the row.
 */

type Row = {
  tier: Entitlement["tier"];
  status: Entitlement["status"];
  stripe_customer_id: string | null;
  stripe_subscription_id: string | null;
  renews_at: number | null;
  grace_until: number | null;
  state_at: number;
};

const entitlementOf = (r: Row): Entitlement => ({
  tier: r.tier,
  status: r.status,
  stripeCustomerId: r.stripe_customer_id,
  stripeSubscriptionId: r.stripe_subscription_id,
  renewsAt: r.renews_at,
  graceUntil: r.grace_until,
  stateAt: r.state_at,
});

/** The user's entitlement row (undefined: never subscribed) and `users.tier` (undefined: no user row). */
export async function findEntitlement(
  env: D1Env,
  userId: string,
): Promise<{ entitlement: Entitlement | undefined; userTier: Entitlement["tier"] | undefined }> {
  const [entitlements, users] = await env.DB.batch<Row | { tier: Entitlement["tier"] }>([
    env.DB.prepare(
      `SELECT tier, status, stripe_customer_id, stripe_subscription_id, renews_at, grace_until, state_at
       FROM user_entitlements WHERE user_id = ?`,
    ).bind(userId),
    env.DB.prepare("SELECT tier FROM users WHERE id = ?").bind(userId),
  ]);
  const row = entitlements!.results[0] as Row | undefined;
  return { entitlement: row && entitlementOf(row), userTier: users!.results[0]?.tier };
}

/** The user a Stripe customer id was recorded for (the latest, should two ever share one). */
export async function userIdOfCustomer(env: D1Env, customerId: string): Promise<string | undefined> {
  const row = await env.DB.prepare(
    "SELECT user_id FROM user_entitlements WHERE stripe_customer_id = ? ORDER BY updated_at DESC LIMIT 1",
  )
    .bind(customerId)
    .first<{ user_id: string }>();
  return row?.user_id;
}

export async function stripeEventSeen(env: D1Env, eventId: string): Promise<boolean> {
  return (await env.DB.prepare("SELECT 1 FROM stripe_events WHERE id = ?").bind(eventId).first()) !== null;
}

export type StripeEventRecord = { id: string; type: string; created: number };

/**
 * Records the event as seen and, with `change`, writes the user's new entitlement, creates their user row
 * if missing and derives `users.tier` from the row: one batch (one transaction), so a crash never applies
 * half of an event. The entitlement is only replaced by one of the same or a later `state_at`, so two
 * events applied at once still end in the later one's state. `duplicate`: the event id was already recorded
 * (a concurrent delivery of the same event won), and nothing was written.
 */
export async function recordStripeEvent(
  env: D1Env,
  event: StripeEventRecord,
  change: { userId: string; next: Entitlement } | null,
  now: number,
): Promise<{ applied: boolean; duplicate: boolean }> {
  const statements = [
    env.DB.prepare("INSERT INTO stripe_events (id, type, created, applied_at) VALUES (?, ?, ?, ?)").bind(
      event.id,
      event.type,
      event.created,
      now,
    ),
  ];
  if (change) {
    const { userId, next: e } = change;
    statements.push(
      env.DB.prepare(
        `INSERT INTO user_entitlements (user_id, tier, status, stripe_customer_id, stripe_subscription_id,
           renews_at, grace_until, state_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (user_id) DO UPDATE SET tier = excluded.tier, status = excluded.status,
           stripe_customer_id = excluded.stripe_customer_id, stripe_subscription_id = excluded.stripe_subscription_id,
           renews_at = excluded.renews_at, grace_until = excluded.grace_until, state_at = excluded.state_at,
           updated_at = excluded.updated_at
         WHERE user_entitlements.state_at <= excluded.state_at
         RETURNING user_id`,
      ).bind(
        userId,
        e.tier,
        e.status,
        e.stripeCustomerId,
        e.stripeSubscriptionId,
        e.renewsAt,
        e.graceUntil,
        e.stateAt,
        now,
      ),
      env.DB.prepare(
        `INSERT INTO users (id, role, locale, tier, timezone, created_at, updated_at)
         VALUES (?1, 'user', 'en', 'free', 'UTC', ?2, ?2) ON CONFLICT (id) DO NOTHING`,
      ).bind(userId, now),
      env.DB.prepare(
        `UPDATE users SET tier = (SELECT tier FROM user_entitlements WHERE user_id = ?1), updated_at = ?2
         WHERE id = ?1`,
      ).bind(userId, now),
    );
  }
  try {
    const results = await env.DB.batch(statements);
    return { applied: change !== null && (results[1]?.results.length ?? 0) > 0, duplicate: false };
  } catch (error) {
    if (error instanceof Error && /UNIQUE constraint failed: stripe_events\.id/.test(error.message))
      return { applied: false, duplicate: true };
    throw error;
  }
}

/** Grace periods this cron run ends, oldest first: the same subquery picks the same users in both statements. */
const EXPIRED = `SELECT user_id FROM user_entitlements
  WHERE grace_until IS NOT NULL AND grace_until <= ?1 AND tier = 'pro' ORDER BY grace_until, user_id LIMIT ?2`;

/**
 * Downgrades to Free at most `limit` users whose grace period ended by `now` (ms), in one batch: `users.tier`
 * and the entitlement row together; the status stays `past_due` (Stripe's word for the subscription) and
 * `grace_until` stays as the time it ended. Returns their ids; running it again changes nothing more.
 */
export async function downgradeExpiredGrace(env: D1Env, now: number, limit: number): Promise<string[]> {
  const [, downgraded] = await env.DB.batch<{ user_id: string }>([
    env.DB.prepare(`UPDATE users SET tier = 'free', updated_at = ?3 WHERE id IN (${EXPIRED})`).bind(now, limit, now),
    env.DB.prepare(
      `UPDATE user_entitlements SET tier = 'free', updated_at = ?3 WHERE user_id IN (${EXPIRED}) RETURNING user_id`,
    ).bind(now, limit, now),
  ]);
  return downgraded!.results.map((r) => r.user_id);
}
