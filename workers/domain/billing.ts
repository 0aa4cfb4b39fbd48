import {
  CheckoutSessionSchema,
  InvoiceSchema,
  SubscriptionSchema,
  type EntitlementStatus,
  type StripeEvent,
  type Tier,
} from "../../schemas/billing";

/** The alphabet of user ids (schemas/common.ts `IdSchema`): a checkout naming anything else names no user. */
const USER_ID = /^[A-Za-z0-9_.:@-]{1,128}$/;

/** After a failed payment the subscriber keeps Pro this long; then the cron downgrades them. */
export const GRACE_MS = 7 * 86_400_000;

/** What a person has paid for (the `user_entitlements` row). Times are ms; `stateAt` is Stripe's `created`, seconds. */
export type Entitlement = {
  tier: Tier;
  status: EntitlementStatus;
  stripeCustomerId: string | null;
  stripeSubscriptionId: string | null;
  renewsAt: number | null;
  graceUntil: number | null;
  stateAt: number;
};

/** A verified Stripe event, reduced to what the rules read. `created` is Stripe's, in seconds. */
export type BillingEvent =
  | {
      kind: "checkout";
      created: number;
      userId: string;
      customerId: string | null;
      subscriptionId: string | null;
      paid: boolean;
    }
  | {
      kind: "subscription";
      created: number;
      customerId: string;
      subscriptionId: string;
      /** Stripe's subscription status; a `customer.subscription.deleted` event is "canceled". */
      status: string;
      periodEnd: number | null;
      /**
       * `metadata.userId`, which our checkout puts on the subscription: Stripe often sends
       * `customer.subscription.created` before `checkout.session.completed`, when no customer is recorded yet.
       */
      userId: string | null;
    }
  | { kind: "payment_failed"; created: number; customerId: string };

export type Outcome = { kind: "apply"; next: Entitlement } | { kind: "stale" } | { kind: "ignored"; reason: string };

export const NO_ENTITLEMENT: Entitlement = {
  tier: "free",
  status: "none",
  stripeCustomerId: null,
  stripeSubscriptionId: null,
  renewsAt: null,
  graceUntil: null,
  stateAt: 0,
};

const PRO_STATUSES = new Set(["active", "trialing"]);
/** Stripe statuses that end what was paid for (`paused`: a trial ended with no payment method). */
const ENDED_STATUSES = new Set(["canceled", "unpaid", "incomplete_expired", "paused"]);

/** A grace period still running at `now` keeps Pro; one that ran out is Free even before the cron writes it. */
export function effectiveTier(e: Pick<Entitlement, "tier" | "graceUntil">, now: number): Tier {
  return e.tier === "pro" && (e.graceUntil === null || e.graceUntil > now) ? "pro" : "free";
}

function subscriptionOutcome(
  current: Entitlement,
  e: Extract<BillingEvent, { kind: "subscription" }>,
  now: number,
): Outcome {
  const ids = { stripeCustomerId: e.customerId, stripeSubscriptionId: e.subscriptionId, stateAt: e.created };
  const renewsAt = e.periodEnd === null ? null : e.periodEnd * 1000;
  if (PRO_STATUSES.has(e.status)) {
    const status = e.status as "active" | "trialing";
    return { kind: "apply", next: { ...current, ...ids, tier: "pro", status, renewsAt, graceUntil: null } };
  }
  if (ENDED_STATUSES.has(e.status)) {
    // a subscription the person already replaced with another ending does not take the new one away
    if (current.stripeSubscriptionId !== null && current.stripeSubscriptionId !== e.subscriptionId)
      return { kind: "ignored", reason: "an earlier subscription of this customer ended" };
    const next = { ...current, ...ids, tier: "free" as const, status: "canceled" as const, renewsAt: null };
    return { kind: "apply", next: { ...next, graceUntil: null } };
  }
  if (e.status === "past_due") {
    // the grace period starts at the first sign of a failed payment and is not extended by later ones
    const graceUntil =
      current.status === "past_due" && current.graceUntil !== null ? current.graceUntil : now + GRACE_MS;
    const next = { ...current, ...ids, status: "past_due" as const, renewsAt, graceUntil };
    return { kind: "apply", next: { ...next, tier: effectiveTier({ tier: "pro", graceUntil }, now) } };
  }
  // `incomplete`: the first payment has not gone through yet; nothing is paid for
  if (current.tier === "pro") return { kind: "ignored", reason: `status ${e.status} does not change a paid plan` };
  return { kind: "apply", next: { ...current, ...ids, tier: "free", status: "none", renewsAt, graceUntil: null } };
}

/**
 * The entitlement after `event`, given the current one (NO_ENTITLEMENT when there is none): `stale` when
 * the event is older than the state it would change (events may arrive in any order, and an older one
 * never moves a subscription backwards), `ignored` when it changes nothing. `now` is ms.
 */
export function applyBillingEvent(current: Entitlement, event: BillingEvent, now: number): Outcome {
  if (event.created < current.stateAt) return { kind: "stale" };
  switch (event.kind) {
    case "checkout": {
      const ids = {
        stripeCustomerId: event.customerId ?? current.stripeCustomerId,
        stripeSubscriptionId: event.subscriptionId ?? current.stripeSubscriptionId,
        stateAt: event.created,
      };
      // an asynchronous payment method (a bank debit) pays later: the subscription events then say so
      if (!event.paid) return { kind: "apply", next: { ...current, ...ids } };
      return { kind: "apply", next: { ...current, ...ids, tier: "pro", status: "active", graceUntil: null } };
    }
    case "subscription":
      return subscriptionOutcome(current, event, now);
    case "payment_failed": {
      if (current.status === "none" || current.status === "canceled")
        return { kind: "ignored", reason: "a failed payment for a subscription that is not running" };
      const graceUntil =
        current.status === "past_due" && current.graceUntil !== null ? current.graceUntil : now + GRACE_MS;
      const tier = effectiveTier({ tier: "pro", graceUntil }, now);
      return { kind: "apply", next: { ...current, tier, status: "past_due", graceUntil, stateAt: event.created } };
    }
  }
}

export const HANDLED_TYPES = [
  "checkout.session.completed",
  "customer.subscription.created",
  "customer.subscription.updated",
  "customer.subscription.deleted",
  "invoice.payment_failed",
] as const;

/**
 * What the rules read from a verified event: a `BillingEvent`, `unhandled` for a type this product does not
 * act on, or `invalid` (with why) for a handled type whose object is not what Stripe documents.
 */
export function billingEventOf(
  event: StripeEvent,
): BillingEvent | { kind: "unhandled" } | { kind: "invalid"; reason: string } {
  const { type, created } = event;
  const object = event.data.object;
  const invalid = (error: { issues: { path: PropertyKey[]; message: string }[] }) => ({
    kind: "invalid" as const,
    reason: error.issues.map((i) => `data.object.${i.path.join(".")}: ${i.message}`).join("; "),
  });
  if (type === "checkout.session.completed") {
    const s = CheckoutSessionSchema.safeParse(object);
    if (!s.success) return invalid(s.error);
    if (s.data.mode && s.data.mode !== "subscription")
      return { kind: "invalid", reason: `a ${s.data.mode} checkout buys no subscription` };
    const userId = s.data.client_reference_id ?? s.data.metadata?.userId;
    if (!userId || !USER_ID.test(userId))
      return { kind: "invalid", reason: "the session names no user (client_reference_id or metadata.userId)" };
    const paid = s.data.payment_status !== "unpaid";
    const ids = { customerId: s.data.customer ?? null, subscriptionId: s.data.subscription ?? null };
    return { kind: "checkout", created, userId, ...ids, paid };
  }
  if (type.startsWith("customer.subscription.") && (HANDLED_TYPES as readonly string[]).includes(type)) {
    const s = SubscriptionSchema.safeParse(object);
    if (!s.success) return invalid(s.error);
    const periodEnd = s.data.current_period_end ?? s.data.items?.data[0]?.current_period_end ?? null;
    const status = type === "customer.subscription.deleted" ? "canceled" : s.data.status;
    const named = s.data.metadata?.userId;
    const userId = named && USER_ID.test(named) ? named : null;
    const ids = { customerId: s.data.customer, subscriptionId: s.data.id };
    return { kind: "subscription", created, ...ids, status, periodEnd, userId };
  }
  if (type === "invoice.payment_failed") {
    const s = InvoiceSchema.safeParse(object);
    if (!s.success) return invalid(s.error);
    if (!s.data.customer) return { kind: "invalid", reason: "the invoice names no customer" };
    return { kind: "payment_failed", created, customerId: s.data.customer };
  }
  return { kind: "unhandled" };
}
