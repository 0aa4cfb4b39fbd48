import { describe, expect, it } from "vitest";
import { sampleEvent } from "../../scripts/stripe-events.mjs";
import { StripeEventSchema } from "../../schemas/billing";
import {
  applyBillingEvent,
  billingEventOf,
  effectiveTier,
  GRACE_MS,
  NO_ENTITLEMENT,
  type BillingEvent,
  type Entitlement,
} from "../../workers/domain/billing";

const NOW = Date.UTC(2026, 11, 5, 12);
const T = Math.floor(NOW / 1000);
const sub = (status: string, created = T, subscriptionId = "sub_1"): BillingEvent => ({
  kind: "subscription",
  created,
  customerId: "cus_1",
  subscriptionId,
  userId: null,
  status,
  periodEnd: T + 30 * 86_400,
});
const pro: Entitlement = {
  ...NO_ENTITLEMENT,
  tier: "pro",
  status: "active",
  stripeCustomerId: "cus_1",
  stripeSubscriptionId: "sub_1",
  stateAt: T - 100,
};

function applied(current: Entitlement, event: BillingEvent, now = NOW): Entitlement {
  const outcome = applyBillingEvent(current, event, now);
  if (outcome.kind !== "apply") throw new Error(`expected apply, got ${JSON.stringify(outcome)}`);
  return outcome.next;
}

describe("billing rules", () => {
  it("a paid checkout makes the named user Pro and records the customer and subscription", () => {
    const next = applied(NO_ENTITLEMENT, {
      kind: "checkout",
      created: T,
      userId: "u1",
      customerId: "cus_1",
      subscriptionId: "sub_1",
      paid: true,
    });
    expect(next).toMatchObject({ tier: "pro", status: "active", stripeCustomerId: "cus_1", stateAt: T });
  });

  it("an unpaid checkout records the customer but grants nothing yet", () => {
    const e = { kind: "checkout", created: T, userId: "u1", customerId: "cus_1", subscriptionId: null, paid: false };
    expect(applied(NO_ENTITLEMENT, e as BillingEvent)).toMatchObject({ tier: "free", stripeCustomerId: "cus_1" });
  });

  it("active and trialing subscriptions are Pro and set renewsAt from the period end", () => {
    expect(applied(NO_ENTITLEMENT, sub("trialing"))).toMatchObject({ tier: "pro", status: "trialing" });
    expect(applied(NO_ENTITLEMENT, sub("active")).renewsAt).toBe((T + 30 * 86_400) * 1000);
  });

  it.each(["canceled", "unpaid", "incomplete_expired"])("a %s subscription is Free and canceled", (status) => {
    expect(applied(pro, sub(status))).toMatchObject({ tier: "free", status: "canceled", renewsAt: null });
  });

  it("an event older than the current state is stale", () => {
    expect(
      applyBillingEvent({ ...pro, tier: "free", status: "canceled", stateAt: T }, sub("active", T - 1), NOW),
    ).toEqual({ kind: "stale" });
  });

  it("an event of the same second as the state still applies (the later delivery wins)", () => {
    expect(applied({ ...pro, stateAt: T }, sub("canceled", T)).tier).toBe("free");
  });

  it("a failed payment keeps Pro for seven days of grace", () => {
    const next = applied(pro, { kind: "payment_failed", created: T, customerId: "cus_1" });
    expect(next).toMatchObject({ tier: "pro", status: "past_due", graceUntil: NOW + GRACE_MS });
  });

  it("a second failed payment does not extend the grace period", () => {
    const first = applied(pro, { kind: "payment_failed", created: T, customerId: "cus_1" });
    const later = applied(
      first,
      { kind: "payment_failed", created: T + 86_400, customerId: "cus_1" },
      NOW + 86_400_000,
    );
    expect(later.graceUntil).toBe(NOW + GRACE_MS);
  });

  it("a past_due subscription keeps Pro until the grace ends, then answers Free", () => {
    const next = applied(pro, sub("past_due"));
    expect(next).toMatchObject({ tier: "pro", status: "past_due", graceUntil: NOW + GRACE_MS });
    expect(effectiveTier(next, NOW + GRACE_MS - 1)).toBe("pro");
    expect(effectiveTier(next, NOW + GRACE_MS)).toBe("free");
  });

  it("a payment that goes through after a failure clears the grace period", () => {
    const pastDue = applied(pro, { kind: "payment_failed", created: T, customerId: "cus_1" });
    expect(applied(pastDue, sub("active", T + 60))).toMatchObject({ tier: "pro", status: "active", graceUntil: null });
  });

  it("a failed payment for a subscription that is not running grants nothing", () => {
    const outcome = applyBillingEvent(NO_ENTITLEMENT, { kind: "payment_failed", created: T, customerId: "c" }, NOW);
    expect(outcome.kind).toBe("ignored");
  });

  it("the end of an earlier subscription does not take away the one that replaced it", () => {
    const outcome = applyBillingEvent({ ...pro, stripeSubscriptionId: "sub_2" }, sub("canceled", T, "sub_1"), NOW);
    expect(outcome.kind).toBe("ignored");
  });
});

describe("reading Stripe events", () => {
  const read = (type: string, options: Parameters<typeof sampleEvent>[1]) =>
    billingEventOf(StripeEventSchema.parse(sampleEvent(type, options)));

  it("finds the user of a checkout in client_reference_id", () => {
    expect(read("checkout.session.completed", { userId: "u-1", customerId: "cus_x" })).toMatchObject({
      kind: "checkout",
      userId: "u-1",
      customerId: "cus_x",
      paid: true,
    });
  });

  it("takes the period end from the subscription's item (API 2025+) or the subscription itself", () => {
    const event = sampleEvent("customer.subscription.updated", { userId: "u-1", created: T, periodEnd: T + 99 });
    expect(billingEventOf(StripeEventSchema.parse(event))).toMatchObject({ periodEnd: T + 99, status: "active" });
    const older = structuredClone(event);
    (older.data.object as { items?: unknown }).items = undefined;
    (older.data.object as { current_period_end?: number }).current_period_end = T + 77;
    expect(billingEventOf(StripeEventSchema.parse(older))).toMatchObject({ periodEnd: T + 77 });
  });

  it("reads a deleted subscription as canceled whatever its status says", () => {
    const e = read("customer.subscription.deleted", { userId: "u-1", status: "active" });
    expect(e).toMatchObject({ kind: "subscription", status: "canceled" });
  });

  it("leaves other types unhandled and calls a checkout without a user invalid", () => {
    expect(read("invoice.paid", { userId: "u-1" }).kind).toBe("unhandled");
    const event = sampleEvent("checkout.session.completed", { userId: "u-1" });
    event.data.object = { ...event.data.object, client_reference_id: null, metadata: {} };
    expect(billingEventOf(StripeEventSchema.parse(event)).kind).toBe("invalid");
  });

  it("calls a one-off payment's checkout invalid: it buys no subscription", () => {
    const event = sampleEvent("checkout.session.completed", { userId: "u-1" });
    event.data.object = { ...event.data.object, mode: "payment", subscription: null };
    expect(billingEventOf(StripeEventSchema.parse(event))).toMatchObject({ kind: "invalid" });
  });
});
