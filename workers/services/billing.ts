import Stripe from "stripe";
import { StripeEventSchema, type Entitlements } from "../../schemas/billing";
import { DEV_STRIPE_WEBHOOK_SECRET, type Config } from "../../schemas/config";
import { applyBillingEvent, billingEventOf, effectiveTier, NO_ENTITLEMENT, type Entitlement } from "../domain/billing";
import { configOf, type AppEnv } from "../env";
import { ConfigError, ValidationError } from "../errors";
import { logEvent, logRejection } from "../log";
import { findEntitlement, recordStripeEvent, stripeEventSeen, userIdOfCustomer } from "../ports/db/entitlements";
import { createCheckoutSession } from "../ports/payments/stripe-checkout";
import { limitsFor } from "./limits";

/** Stripe's own default: a signature older than five minutes is a replay, not a delivery. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/**
 * The webhook signing secret: configured, or the development one outside production. Production never
 * uses the development secret (it is public in this repository), not even when it is configured: anyone
 * could sign a "you paid" event with it. Undefined: the webhook cannot verify anything (503).
 */
export function webhookSecret(config: Config): string | undefined {
  const production = config.ENVIRONMENT === "production";
  const secret = production
    ? config.STRIPE_WEBHOOK_SECRET
    : (config.STRIPE_WEBHOOK_SECRET ?? DEV_STRIPE_WEBHOOK_SECRET);
  if (!secret || (production && secret === DEV_STRIPE_WEBHOOK_SECRET)) return undefined;
  return secret;
}

export type WebhookAnswer = { received: true; applied: boolean };
const notApplied: WebhookAnswer = { received: true, applied: false };

/**
 * Verifies a Stripe delivery over its raw body and applies it once: a bad, missing or stale signature
 * is a 400 and changes nothing; a repeated event id, an event older than the state it would change, an
 * unhandled type, an unknown customer or a checkout of something else (no user named, not a subscription)
 * answer `applied: false`.
 */
export async function receiveStripeEvent(
  env: AppEnv,
  rawBody: string,
  signature: string | undefined,
  now = Date.now(),
): Promise<WebhookAnswer> {
  const secret = webhookSecret(configOf(env));
  if (!secret)
    throw new ConfigError(
      configOf(env).STRIPE_WEBHOOK_SECRET
        ? "STRIPE_WEBHOOK_SECRET is the public development secret; set the endpoint's own (wrangler secret put STRIPE_WEBHOOK_SECRET)"
        : "production needs STRIPE_WEBHOOK_SECRET (wrangler secret put STRIPE_WEBHOOK_SECRET) to verify Stripe webhooks",
    );
  if (!signature) throw new ValidationError("the Stripe-Signature header is missing");
  let verified: unknown;
  try {
    verified = await Stripe.webhooks.constructEventAsync(rawBody, signature, secret, SIGNATURE_TOLERANCE_SECONDS);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : "not verifiable";
    throw new ValidationError(`the Stripe-Signature header does not verify this body: ${reason}`);
  }
  const parsed = StripeEventSchema.safeParse(verified);
  if (!parsed.success) throw new ValidationError("the signed body is not a Stripe event");
  const event = parsed.data;
  const record = { id: event.id, type: event.type, created: event.created };

  const billing = billingEventOf(event);
  if (billing.kind === "unhandled") return notApplied;
  if (billing.kind === "invalid") {
    // signed by Stripe, so not the caller's mistake: a 4xx would only make Stripe retry it for days
    logEvent("warn", "stripe event not applicable", { eventId: event.id, type: event.type, reason: billing.reason });
    return notApplied;
  }
  if (await stripeEventSeen(env, event.id)) return notApplied;

  const userId =
    billing.kind === "checkout"
      ? billing.userId
      : ((await userIdOfCustomer(env, billing.customerId)) ??
        (billing.kind === "subscription" ? billing.userId : null));
  if (!userId) {
    logEvent("warn", "stripe event for a customer no checkout named", { eventId: event.id, type: event.type });
    return notApplied;
  }
  const { entitlement } = await findEntitlement(env, userId);
  const current = entitlement ?? NO_ENTITLEMENT;
  const outcome = applyBillingEvent(current, billing, now);
  if (outcome.kind !== "apply") {
    if (outcome.kind === "ignored")
      logEvent("info", "stripe event changes nothing", { eventId: event.id, reason: outcome.reason });
    await recordStripeEvent(env, record, null, now);
    return notApplied;
  }
  const { applied } = await recordStripeEvent(env, record, { userId, next: outcome.next }, now);
  if (applied && changed(current, outcome.next)) await announce(env, userId, outcome.next, now);
  return { received: true, applied };
}

const changed = (a: Entitlement, b: Entitlement) => a.tier !== b.tier || a.status !== b.status;

/** Open dashboards refresh their plan: a live message on the user's channel (best effort). */
export async function announce(
  env: AppEnv,
  userId: string,
  e: Pick<Entitlement, "tier" | "status" | "graceUntil">,
  now: number,
) {
  await env.USER_ACTOR.get(env.USER_ACTOR.idFromName(userId))
    .push("entitlements.updated", { tier: effectiveTier(e, now), status: e.status })
    .catch(logRejection("entitlements change not pushed to the live channel", { userId }));
}

/** What the user has (GET /v1/me/entitlements); with no subscription ever, the tier `users.tier` says. */
export async function entitlementsOf(env: AppEnv, userId: string, now = Date.now()): Promise<Entitlements> {
  const { entitlement, userTier } = await findEntitlement(env, userId);
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  const tier = entitlement ? effectiveTier(entitlement, now) : (userTier ?? "free");
  return {
    tier,
    status: entitlement?.status ?? "none",
    renewsAt: iso(entitlement?.renewsAt ?? null),
    graceUntil: iso(entitlement?.graceUntil ?? null),
    limits: await limitsFor(env, userId, tier),
  };
}

/**
 * A Stripe Checkout page for Pro (POST /v1/billing/checkout). Without STRIPE_SECRET_KEY and STRIPE_PRICE_ID
 * a 503 tells the developer how to simulate the payment instead. Stripe sends the user back to the account page.
 */
export async function startCheckout(env: AppEnv, userId: string, origin: string): Promise<{ url: string }> {
  const config = configOf(env);
  if (!config.STRIPE_SECRET_KEY || !config.STRIPE_PRICE_ID)
    throw new ConfigError(
      "Stripe checkout is not configured here (STRIPE_SECRET_KEY and STRIPE_PRICE_ID); to simulate a payment run " +
        `\`npm run stripe:send -- checkout.session.completed --user ${userId}\``,
    );
  const { entitlement } = await findEntitlement(env, userId);
  return createCheckoutSession(config.STRIPE_SECRET_KEY, config.STRIPE_API_URL, {
    userId,
    priceId: config.STRIPE_PRICE_ID,
    customerId: entitlement?.stripeCustomerId ?? null,
    successUrl: `${origin}/account/?checkout=success`,
    cancelUrl: `${origin}/account/?checkout=cancel`,
  });
}
