import { createRoute } from "@hono/zod-openapi";
import {
  CheckoutRequestSchema,
  CheckoutSchema,
  EntitlementsSchema,
  StripeEventDocSchema,
  StripeSignatureHeaderSchema,
  WebhookAnswerSchema,
} from "../../schemas/billing";
import { authedErrors, json, jsonBody, problem, publicErrors, readErrors } from "../../schemas/common";
import { entitlementsOf, receiveStripeEvent, startCheckout } from "../services/billing";
import { createRouter, userOf } from "./types";

const tags = ["Billing"];

const webhook = createRoute({
  method: "post",
  path: "/billing/webhook",
  tags,
  summary: "Stripe webhook (Stripe-signed): subscription events set the user's plan",
  description:
    "Verifies `Stripe-Signature` over the raw body (a bad, missing or older than five minutes signature: 400, " +
    "nothing changes) and applies `checkout.session.completed`, `customer.subscription.created|updated|deleted` " +
    "and `invoice.payment_failed` once each. A repeated event id, an event older than the state it would change, " +
    "another type, an unknown customer or a checkout naming no user answer `applied: false`. Locally: `npm run stripe:send`.",
  security: [],
  request: {
    headers: StripeSignatureHeaderSchema,
    // documented, not validated here: the signature covers the exact bytes, so the handler reads them raw
    body: { required: true, content: { "application/json": { schema: StripeEventDocSchema } } },
  },
  responses: {
    200: json(WebhookAnswerSchema, "Received; `applied` says whether it changed anything"),
    ...publicErrors,
    503: problem("No webhook signing secret is configured (production needs STRIPE_WEBHOOK_SECRET)"),
  },
});

const entitlements = createRoute({
  method: "get",
  path: "/me/entitlements",
  tags,
  summary: "Your plan (Free or Pro), its Stripe status, renewal, grace period and limits",
  responses: { 200: json(EntitlementsSchema, "Your entitlements"), ...readErrors },
});

const checkout = createRoute({
  method: "post",
  path: "/billing/checkout",
  tags,
  summary: "Start paying for Pro: a Stripe Checkout page to send the browser to",
  description:
    "The webhook makes you Pro once Stripe reports the payment. Without Stripe keys on the server: 503, whose " +
    "detail names the `npm run stripe:send` command that simulates the payment.",
  request: jsonBody(CheckoutRequestSchema),
  responses: {
    200: json(CheckoutSchema, "Stripe's checkout page"),
    ...authedErrors,
    503: problem("Stripe is not configured here (the detail says how to simulate a payment) or did not answer"),
  },
});

export const billingRoutes = createRouter()
  .openapi(webhook, async (c) => {
    // the body must be read before anything parses it: JSON re-serialised would not match the signature
    const answer = await receiveStripeEvent(c.env, await c.req.text(), c.req.header("Stripe-Signature"));
    return c.json(answer, 200);
  })
  .openapi(checkout, async (c) => c.json(await startCheckout(c.env, userOf(c).id, new URL(c.req.url).origin), 200))
  .openapi(entitlements, async (c) => c.json(await entitlementsOf(c.env, userOf(c).id), 200));
