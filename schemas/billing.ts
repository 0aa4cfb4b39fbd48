import { z } from "@hono/zod-openapi";

export const TierSchema = z.enum(["free", "pro"]);
export type Tier = z.infer<typeof TierSchema>;
export const EntitlementStatusSchema = z.enum(["none", "active", "trialing", "past_due", "canceled"]);
export type EntitlementStatus = z.infer<typeof EntitlementStatusSchema>;

/** The shape of `Limits` in workers/services/limits.ts (the limits work owns the rules). */
export const LimitsSchema = z
  .object({
    historyDays: z.number().int().nullable().openapi({ description: "Days of history visible (null: all)" }),
    labelComparisonsPerDay: z.number().int().nullable().openapi({ description: "Per UTC day (null: unlimited)" }),
    labelComparisonsUsedToday: z.number().int(),
    labelComparisonsResetAt: z.string().datetime(),
    proCommunities: z.boolean(),
    analyticsReports: z.boolean(),
  })
  .openapi("Limits");

export const EntitlementsSchema = z
  .object({
    tier: TierSchema,
    status: EntitlementStatusSchema.openapi({
      description: "The Stripe subscription's state; `none`: never subscribed",
    }),
    renewsAt: z.string().datetime().nullable().openapi({ description: "End of the paid period" }),
    graceUntil: z
      .string()
      .datetime()
      .nullable()
      .openapi({ description: "After a failed payment: Pro until then, Free after" }),
    limits: LimitsSchema,
  })
  .openapi("Entitlements");
export type Entitlements = z.infer<typeof EntitlementsSchema>;

/**
 * A Stripe event as delivered (https://docs.stripe.com/api/events/object). Documentation only: the route
 * verifies `Stripe-Signature` over the raw text before anything parses it, then parses it with
 * `StripeEventSchema` below.
 */
export const StripeEventDocSchema = z
  .looseObject({
    id: z.string().openapi({ example: "evt_1QxEdgeCoach" }),
    object: z.literal("event").optional(),
    type: z.string().openapi({ example: "customer.subscription.updated" }),
    created: z.number().int().openapi({ description: "Unix seconds" }),
    data: z.looseObject({ object: z.record(z.string(), z.unknown()) }),
  })
  .openapi("StripeEvent");

export const StripeSignatureHeaderSchema = z.object({
  "stripe-signature": z
    .string()
    .optional()
    .openapi({ description: "`t=<unix seconds>,v1=<HMAC-SHA256 hex>` over `<t>.<raw body>`", example: "t=1,v1=ab" }),
});

export const WebhookAnswerSchema = z
  .object({
    received: z.literal(true),
    applied: z.boolean().openapi({
      description: "false: already applied, older than the state it would change, of a type or customer not handled",
    }),
  })
  .openapi("WebhookAnswer");

/** Nothing to choose yet: one Pro plan (STRIPE_PRICE_ID). */
export const CheckoutRequestSchema = z.strictObject({}).openapi("CheckoutRequest", { example: {} });
export const CheckoutSchema = z.object({ url: z.url() }).openapi("Checkout");

// ---- the parts of verified events the billing rules read (trust boundary: parsed, never cast) ----

/** An expandable reference: Stripe sends the id, or the object when the field was expanded. */
const ref = z.union([z.string(), z.looseObject({ id: z.string() }).transform((o) => o.id)]);

export const StripeEventSchema = z.looseObject({
  id: z.string().min(1).max(255),
  type: z.string().min(1).max(255),
  created: z.number().int().nonnegative(),
  data: z.looseObject({ object: z.record(z.string(), z.unknown()) }),
});
export type StripeEvent = z.infer<typeof StripeEventSchema>;

export const CheckoutSessionSchema = z.looseObject({
  client_reference_id: z.string().nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
  customer: ref.nullish(),
  subscription: ref.nullish(),
  payment_status: z.string().nullish(),
  mode: z.string().nullish(),
});

const periodEnd = z.number().int().nullish();
export const SubscriptionSchema = z.looseObject({
  id: z.string(),
  customer: ref,
  status: z.string(),
  // before API 2025-03-31 on the subscription; since then on each item
  current_period_end: periodEnd,
  items: z.looseObject({ data: z.array(z.looseObject({ current_period_end: periodEnd })) }).nullish(),
  // our checkout names the user here too (subscription_data.metadata), for events that outrun the checkout's
  metadata: z.record(z.string(), z.string()).nullish(),
});

export const InvoiceSchema = z.looseObject({ customer: ref.nullish() });
