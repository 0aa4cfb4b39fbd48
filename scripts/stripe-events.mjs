// Sample Stripe events in the shapes Stripe delivers (API 2025-03-31 and later: the period end is on
// the subscription's items), shared by `npm run stripe:send` and the billing tests so both sign the same
// shapes. Ids are derived from the user id, so a later event finds the customer a checkout recorded.
// Runs in Node and inside workerd (tests); `stripe` resolves to the right build in each.
import Stripe from "stripe";

/** The secret the Worker verifies with outside production (API.md). */
export const DEV_WEBHOOK_SECRET = "whsec_edge_coach_development";

export const EVENT_TYPES = [
  "checkout.session.completed",
  "customer.subscription.created",
  "customer.subscription.updated",
  "customer.subscription.deleted",
  "invoice.payment_failed",
];

const DAY = 86_400;

/** A short stable tag of a string (FNV-1a, 32 bits), so distinct user ids never share a customer id. */
function tag(text) {
  let h = 0x811c9dc5;
  for (const ch of text) h = Math.imul(h ^ ch.codePointAt(0), 0x01000193) >>> 0;
  return h.toString(36);
}
const idOf = (prefix, userId) => `${prefix}_ec${userId.replace(/[^A-Za-z0-9]/g, "").slice(0, 20)}${tag(userId)}`;

export const customerIdOf = (userId) => idOf("cus", userId);
export const subscriptionIdOf = (userId) => idOf("sub", userId);

let serial = 0;
const randomPart = () =>
  `${Date.now().toString(36)}${(serial++).toString(36)}${Math.random().toString(36).slice(2, 8)}`;

function subscription({ userId, customerId, subscriptionId, status, created, periodEnd }) {
  const start = periodEnd - 30 * DAY;
  return {
    id: subscriptionId,
    object: "subscription",
    customer: customerId,
    status,
    created: start,
    cancel_at_period_end: false,
    canceled_at: status === "canceled" ? created : null,
    ended_at: status === "canceled" ? created : null,
    metadata: { userId },
    items: {
      object: "list",
      data: [
        {
          id: `si_${tag(subscriptionId)}`,
          object: "subscription_item",
          current_period_start: start,
          current_period_end: periodEnd,
          price: { id: "price_edge_coach_pro_monthly", object: "price", currency: "usd", unit_amount: 900 },
          quantity: 1,
        },
      ],
    },
  };
}

/**
 * A sample event of `type`. `status` (subscription events) defaults to active, or canceled for
 * `customer.subscription.deleted`; `created` is Unix seconds (default now).
 */
export function sampleEvent(type, options) {
  const { userId } = options;
  const created = options.created ?? Math.floor(Date.now() / 1000);
  const customerId = options.customerId ?? customerIdOf(userId);
  const subscriptionId = options.subscriptionId ?? subscriptionIdOf(userId);
  const periodEnd = options.periodEnd ?? created + 30 * DAY;
  let object;
  if (type === "checkout.session.completed") {
    object = {
      id: `cs_test_${randomPart()}`,
      object: "checkout.session",
      mode: "subscription",
      status: "complete",
      payment_status: "paid",
      client_reference_id: userId,
      metadata: { userId },
      customer: customerId,
      subscription: subscriptionId,
      amount_total: 900,
      currency: "usd",
    };
  } else if (type.startsWith("customer.subscription.")) {
    const status = options.status ?? (type === "customer.subscription.deleted" ? "canceled" : "active");
    object = subscription({ userId, customerId, subscriptionId, status, created, periodEnd });
  } else if (type === "invoice.payment_failed") {
    object = {
      id: `in_${randomPart()}`,
      object: "invoice",
      customer: customerId,
      status: "open",
      attempt_count: 1,
      amount_due: 900,
      currency: "usd",
      next_payment_attempt: created + 3 * DAY,
      parent: { type: "subscription_details", subscription_details: { subscription: subscriptionId } },
    };
  } else {
    object = { id: `obj_${randomPart()}`, object: "unknown" };
  }
  return {
    id: options.id ?? `evt_${randomPart()}`,
    object: "event",
    api_version: "2025-03-31.basil",
    created,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
  };
}

/**
 * The body and headers of a delivery of `event`, signed as Stripe signs (`t=<timestamp>,v1=<HMAC>`).
 * `timestamp` (Unix seconds) defaults to now; an old one makes a stale delivery.
 */
export async function signedDelivery(event, { secret = DEV_WEBHOOK_SECRET, timestamp } = {}) {
  const body = JSON.stringify(event, null, 2);
  const signature = await Stripe.webhooks.generateTestHeaderStringAsync({
    payload: body,
    secret,
    timestamp: timestamp ?? Math.floor(Date.now() / 1000),
  });
  return { body, headers: { "Content-Type": "application/json; charset=utf-8", "Stripe-Signature": signature } };
}
