import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, inject, it } from "vitest";
import { customerIdOf, sampleEvent, signedDelivery, type SampleOptions } from "../../scripts/stripe-events.mjs";
import type { Entitlements } from "../../schemas/billing";
import type { LiveMessage } from "../../schemas/live";
import { endGracePeriods } from "../../workers/cron/billing";
import { GRACE_MS } from "../../workers/domain/billing";
import { entitlementsOf } from "../../workers/services/billing";
import worker from "../../workers/index";
import { actorOf, api, BASE, expectProblem, newUser, signToken, uniqueId } from "../helpers/api";
import { setTier } from "../helpers/lifelog-rows";

const now = () => Math.floor(Date.now() / 1000);
type Answer = { received: boolean; applied: boolean };

/** Posts `event` to the webhook, signed like Stripe (`timestamp`/`secret` to sign it badly). */
async function deliver(event: unknown, sign: { secret?: string; timestamp?: number } = {}): Promise<Response> {
  const { body, headers } = await signedDelivery(event, sign);
  return api("/v1/billing/webhook", { method: "POST", headers, body });
}
async function send(type: string, options: SampleOptions): Promise<Answer & { id: string }> {
  const event = sampleEvent(type, options);
  const res = await deliver(event);
  expect(res.status, await res.clone().text()).toBe(200);
  return { ...((await res.json()) as Answer), id: event.id };
}

const userTier = async (id: string) =>
  (await env.DB.prepare("SELECT tier FROM users WHERE id = ?").bind(id).first<{ tier: string }>())?.tier;
const eventRecorded = async (id: string) =>
  (await env.DB.prepare("SELECT 1 FROM stripe_events WHERE id = ?").bind(id).first()) !== null;
async function entitlements(user: { token: string }): Promise<Entitlements> {
  const res = await api("/v1/me/entitlements", { token: user.token });
  expect(res.status).toBe(200);
  return (await res.json()) as Entitlements;
}

/** A user who paid through a checkout `ago` seconds before now. */
async function proUser(ago = 600) {
  const user = await newUser();
  expect(await send("checkout.session.completed", { userId: user.id, created: now() - ago })).toMatchObject({
    applied: true,
  });
  return user;
}

describe("POST /v1/billing/webhook: signatures", () => {
  it("a signed checkout makes the named user Pro in users.tier and in GET /v1/me/entitlements", async () => {
    const user = await proUser();
    expect(await userTier(user.id)).toBe("pro");
    const mine = await entitlements(user);
    expect(mine).toMatchObject({ tier: "pro", status: "active", graceUntil: null });
    expect(mine.limits).toMatchObject({ proCommunities: true, analyticsReports: true, historyDays: null });
  });

  it.each([
    ["signed with another secret", { secret: "whsec_someone_else" }],
    ["signed more than five minutes ago", { timestamp: now() - 301 }],
  ])("an event %s is 400 and changes nothing", async (_, sign) => {
    const userId = uniqueId();
    const event = sampleEvent("checkout.session.completed", { userId });
    await expectProblem(await deliver(event, sign), 400);
    expect(await userTier(userId)).toBeUndefined();
    expect(await eventRecorded(event.id)).toBe(false);
  });

  it("an event with no Stripe-Signature, or a body changed after signing, is 400", async () => {
    const event = sampleEvent("checkout.session.completed", { userId: uniqueId() });
    const { body, headers } = await signedDelivery(event);
    const unsigned = { "Content-Type": "application/json" };
    await expectProblem(await api("/v1/billing/webhook", { method: "POST", headers: unsigned, body }), 400);
    const tampered = body.replace('"payment_status": "paid"', '"payment_status": "paid" ');
    await expectProblem(await api("/v1/billing/webhook", { method: "POST", headers, body: tampered }), 400);
    expect(await eventRecorded(event.id)).toBe(false);
  });

  it("an event of a type it does not act on, or for a customer no checkout named, answers applied: false", async () => {
    expect(await send("invoice.paid", { userId: uniqueId() })).toMatchObject({ received: true, applied: false });
    // a subscription of a customer no checkout recorded, whose metadata names nobody (made outside our checkout)
    const stranger = uniqueId();
    const orphan = sampleEvent("customer.subscription.updated", { userId: stranger });
    orphan.data.object = { ...orphan.data.object, metadata: {} };
    expect(await (await deliver(orphan)).json()).toEqual({ received: true, applied: false });
    expect(await userTier(stranger)).toBeUndefined();
  });

  it("a subscription that outruns its checkout finds the user by the metadata our checkout sets", async () => {
    const user = await newUser();
    const periodEnd = now() + 30 * 86_400;
    const created = now() - 5;
    expect(await send("customer.subscription.created", { userId: user.id, created, periodEnd })).toMatchObject({
      applied: true,
    });
    expect(await entitlements(user)).toMatchObject({ tier: "pro", status: "active" });
    expect(await send("checkout.session.completed", { userId: user.id, created })).toMatchObject({ received: true });
    expect(await entitlements(user)).toMatchObject({
      tier: "pro",
      status: "active",
      renewsAt: new Date(periodEnd * 1000).toISOString(),
    });
  });

  it("a checkout of something other than a subscription answers applied: false and grants nothing", async () => {
    const userId = uniqueId();
    const event = sampleEvent("checkout.session.completed", { userId });
    event.data.object = { ...event.data.object, mode: "payment", subscription: null };
    expect(await (await deliver(event)).json()).toEqual({ received: true, applied: false });
    expect(await userTier(userId)).toBeUndefined();
  });
});

describe("POST /v1/billing/webhook: each event once, never backwards", () => {
  it("a replayed event changes nothing, even after a later event changed the state", async () => {
    const user = await proUser(1000);
    const t = now() - 100;
    // the same second: only the event id tells the replay from a new event
    const deleted = sampleEvent("customer.subscription.deleted", { userId: user.id, created: t });
    expect(await (await deliver(deleted)).json()).toEqual({ received: true, applied: true });
    expect(await send("checkout.session.completed", { userId: user.id, created: t })).toMatchObject({ applied: true });
    expect(await userTier(user.id)).toBe("pro");
    // Stripe signs each delivery afresh: a new timestamp, the same event id
    expect(await (await deliver(deleted)).json()).toEqual({ received: true, applied: false });
    expect(await userTier(user.id)).toBe("pro");
    expect((await entitlements(user)).status).toBe("active");
  });

  it("an update older than the applied deletion leaves the user Free (and is recorded as seen)", async () => {
    const user = await proUser(1000);
    expect(await send("customer.subscription.deleted", { userId: user.id, created: now() - 10 })).toMatchObject({
      applied: true,
    });
    const late = await send("customer.subscription.updated", { userId: user.id, created: now() - 500 });
    expect(late.applied).toBe(false);
    expect(await eventRecorded(late.id)).toBe(true);
    expect(await userTier(user.id)).toBe("free");
    expect((await entitlements(user)).tier).toBe("free");
  });

  it("two deliveries of one event at the same time apply it once", async () => {
    const userId = uniqueId();
    const event = sampleEvent("checkout.session.completed", { userId });
    const answers = await Promise.all([deliver(event), deliver(event), deliver(event)]);
    const applied = await Promise.all(answers.map(async (r) => ((await r.json()) as Answer).applied));
    expect(applied.filter(Boolean)).toHaveLength(1);
    expect(await userTier(userId)).toBe("pro");
  });

  it("a subscription update sets renewsAt from the item's period end and tells open dashboards", async () => {
    const user = await proUser();
    const periodEnd = now() + 31 * 86_400;
    expect(await send("customer.subscription.updated", { userId: user.id, periodEnd })).toMatchObject({
      applied: true,
    });
    expect((await entitlements(user)).renewsAt).toBe(new Date(periodEnd * 1000).toISOString());
    expect(await send("customer.subscription.deleted", { userId: user.id })).toMatchObject({ applied: true });
    const live = (await actorOf(user.id).replay(0)) as LiveMessage[];
    expect(live.filter((m) => m.type === "entitlements.updated").map((m) => m.data)).toEqual([
      { tier: "pro", status: "active" },
      { tier: "free", status: "canceled" },
    ]);
  });
});

describe("grace then downgrade", () => {
  it("a failed payment keeps Pro for seven days; the cron step after them makes the user Free", async () => {
    const user = await proUser();
    const before = Date.now();
    expect(await send("invoice.payment_failed", { userId: user.id })).toMatchObject({ applied: true });
    const grace = await entitlements(user);
    expect(grace).toMatchObject({ tier: "pro", status: "past_due" });
    const graceUntil = Date.parse(grace.graceUntil!);
    expect(graceUntil).toBeGreaterThanOrEqual(before + GRACE_MS);
    expect(graceUntil).toBeLessThanOrEqual(Date.now() + GRACE_MS);
    expect(await userTier(user.id)).toBe("pro");

    const later = new Date(Date.now() + 8 * 86_400_000);
    // read-time check: past the grace period it is Free even before the cron writes it
    expect((await entitlementsOf(env, user.id, later.getTime())).tier).toBe("free");
    expect((await endGracePeriods(env, later)).downgraded).toBeGreaterThanOrEqual(1);
    expect(await userTier(user.id)).toBe("free");
    expect(await entitlements(user)).toMatchObject({ tier: "free", status: "past_due" });
    const again = await env.DB.prepare("SELECT updated_at FROM user_entitlements WHERE user_id = ?")
      .bind(user.id)
      .first<{ updated_at: number }>();
    await endGracePeriods(env, new Date(later.getTime() + 1000));
    expect(
      await env.DB.prepare("SELECT updated_at FROM user_entitlements WHERE user_id = ?").bind(user.id).first(),
    ).toEqual(again);
  });

  it("a payment that goes through during the grace period clears it", async () => {
    const user = await proUser();
    await send("invoice.payment_failed", { userId: user.id, created: now() - 60 });
    expect(await send("customer.subscription.updated", { userId: user.id })).toMatchObject({ applied: true });
    expect(await entitlements(user)).toMatchObject({ tier: "pro", status: "active", graceUntil: null });
    await endGracePeriods(env, new Date(Date.now() + 8 * 86_400_000));
    expect(await userTier(user.id)).toBe("pro");
  });
});

describe("the tier reaches the existing checks", () => {
  const proOnly = (token: string) =>
    api("/v1/communities", { method: "POST", token, json: { title: `Pro circle ${uniqueId()}`, proOnly: true } });

  it("a user made Pro by a webhook can create a Pro-only community; a Free one gets 402", async () => {
    const pro = await proUser();
    expect((await proOnly(pro.token)).status).toBe(201);
    const free = await newUser();
    const problem = await expectProblem(await proOnly(free.token), 402);
    expect(problem).toMatchObject({ upgrade: true });
  });

  it("without a subscription GET /v1/me/entitlements answers users.tier with status none", async () => {
    const user = await newUser();
    expect(await entitlements(user)).toMatchObject({ tier: "free", status: "none", renewsAt: null, graceUntil: null });
    await setTier(user.id, "pro");
    expect(await entitlements(user)).toMatchObject({ tier: "pro", status: "none" });
  });

  it("GET /v1/me/entitlements needs a token", async () => {
    await expectProblem(await api("/v1/me/entitlements"), 401);
  });
});

describe("the webhook secret in production", () => {
  const production = (overrides: Record<string, string>) => {
    const { STRIPE_WEBHOOK_SECRET: _s, ...bindings } = env as unknown as Record<string, unknown>;
    const target = { ...bindings, ENVIRONMENT: "production", JWT_SECRET: "p".repeat(40), ...overrides };
    return target as unknown as typeof env;
  };
  const post = async (target: typeof env, secret?: string) => {
    const { body, headers } = await signedDelivery(sampleEvent("invoice.paid", { userId: uniqueId() }), { secret });
    const request = new Request(BASE + "/v1/billing/webhook", {
      method: "POST",
      body,
      headers: { ...headers, "CF-Connecting-IP": "203.0.113.77" },
    });
    return worker.fetch(request as Parameters<typeof worker.fetch>[0], target, createExecutionContext());
  };

  it("with no secret, or the public development one, the webhook fails closed with 503", async () => {
    expect((await expectProblem(await post(production({})), 503)).detail).toMatch(/STRIPE_WEBHOOK_SECRET/);
    const dev = production({ STRIPE_WEBHOOK_SECRET: "whsec_edge_coach_development" });
    expect((await expectProblem(await post(dev), 503)).detail).toMatch(/development secret/);
  });

  it("with its own secret it verifies against that one only", async () => {
    const own = production({ STRIPE_WEBHOOK_SECRET: "whsec_production_only" });
    expect((await post(own, "whsec_production_only")).status).toBe(200);
    await expectProblem(await post(own), 400);
  });
});

describe("POST /v1/billing/checkout", () => {
  const checkout = async (target: typeof env, userId: string, json: unknown = {}) => {
    const headers = {
      Authorization: `Bearer ${await signToken({ sub: userId })}`,
      "Content-Type": "application/json",
      "CF-Connecting-IP": "203.0.113.78",
    };
    const request = new Request(BASE + "/v1/billing/checkout", { method: "POST", headers, body: JSON.stringify(json) });
    return worker.fetch(request as Parameters<typeof worker.fetch>[0], target, createExecutionContext());
  };
  const stripe = (price = "price_edge_coach_pro") =>
    ({
      ...env,
      STRIPE_SECRET_KEY: "sk_test_edge_coach",
      STRIPE_PRICE_ID: price,
      STRIPE_API_URL: inject("vendorUrl"),
    }) as typeof env;

  it("without Stripe keys answers 503 naming the stripe:send command that simulates the payment", async () => {
    const userId = uniqueId();
    const problem = await expectProblem(await checkout(env, userId), 503);
    expect(problem.detail).toContain(`npm run stripe:send -- checkout.session.completed --user ${userId}`);
  });

  it("with Stripe keys answers the checkout page of a session naming the user and the price", async () => {
    const user = await proUser();
    const res = await checkout(stripe(), user.id);
    expect(res.status, await res.clone().text()).toBe(200);
    const url = new URL(((await res.json()) as { url: string }).url);
    expect(url.origin).toBe("https://checkout.stripe.com");
    const asked = new URLSearchParams(url.hash.slice(1));
    expect(Object.fromEntries(asked)).toMatchObject({
      client_reference_id: user.id,
      subscription_user: user.id,
      price: "price_edge_coach_pro",
      mode: "subscription",
      // a returning subscriber keeps the Stripe customer their first checkout recorded
      customer: customerIdOf(user.id),
      success_url: `${BASE}/account/?checkout=success`,
    });
  });

  it("a body with fields is 400; Stripe refusing the session is 503", async () => {
    await expectProblem(await checkout(stripe(), uniqueId(), { plan: "gold" }), 400);
    const problem = await expectProblem(await checkout(stripe("price_missing"), uniqueId()), 503);
    expect(problem.detail).toMatch(/No such price/);
  });
});
