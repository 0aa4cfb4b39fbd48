import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { FLUSH_AT_EVENTS, FLUSH_DELAY_MS, MIN_FLUSH_INTERVAL_MS } from "../../durable-objects/user/outbox";
import { actorOf, newUser } from "../helpers/api";
import { seedCatalogue, sendEvents, traceId, type SeededItem } from "../helpers/catalogue";

const alarmOf = (userId: string) => runInDurableObject(actorOf(userId), (_, state) => state.storage.getAlarm());
const waiting = (userId: string) =>
  runInDurableObject(
    actorOf(userId),
    (_, state) => state.storage.sql.exec<{ n: number }>(`SELECT count(*) AS n FROM outbox`).one().n,
  );
const logged = async (userId: string) =>
  (await env.DB.prepare(`SELECT count(*) AS n FROM item_events WHERE user_id = ?`).bind(userId).first<{ n: number }>())!
    .n;

let items: SeededItem[];
beforeAll(async () => {
  ({ items } = await seedCatalogue());
});
const view = (i: number) => ({ traceId: traceId(), type: "view", itemId: items[i % items.length]!.id });

describe("the event outbox", () => {
  it("ships a user's first event after a pause within a second", async () => {
    const user = await newUser();
    const before = Date.now();
    expect((await sendEvents(user.token, [view(0)])).body.accepted).toBe(1);
    const after = Date.now();
    const alarm = await alarmOf(user.id);
    expect(alarm).toBeGreaterThanOrEqual(before + FLUSH_DELAY_MS);
    expect(alarm).toBeLessThanOrEqual(after + FLUSH_DELAY_MS);
  });

  it("ships a busy user's events at most every five seconds, all waiting ones together", async () => {
    const user = await newUser();
    await sendEvents(user.token, [view(0)]);
    const flushStarted = Date.now();
    expect(await runDurableObjectAlarm(actorOf(user.id))).toBe(true);
    const flushed = Date.now();
    expect(await waiting(user.id)).toBe(0);

    await sendEvents(user.token, [view(1)]);
    await sendEvents(user.token, [view(2)]);
    const alarm = await alarmOf(user.id);
    expect(alarm).toBeGreaterThanOrEqual(flushStarted + MIN_FLUSH_INTERVAL_MS);
    expect(alarm).toBeLessThanOrEqual(flushed + MIN_FLUSH_INTERVAL_MS);
    expect(await waiting(user.id)).toBe(2);

    expect(await runDurableObjectAlarm(actorOf(user.id))).toBe(true);
    expect(await waiting(user.id)).toBe(0);
    await vi.waitFor(async () => expect(await logged(user.id)).toBe(3), { timeout: 10_000, interval: 100 });
  });

  it("ships at once when a batch fills it, even while the user is busy", async () => {
    const user = await newUser();
    await sendEvents(user.token, [view(0)]);
    expect(await runDurableObjectAlarm(actorOf(user.id))).toBe(true);
    const batch = Array.from({ length: FLUSH_AT_EVENTS }, (_, i) => view(i));
    expect((await sendEvents(user.token, batch)).body.accepted).toBe(FLUSH_AT_EVENTS);
    // due now, not after the busy interval: the alarm drains the outbox well before that
    await vi.waitFor(async () => expect(await waiting(user.id)).toBe(0), {
      timeout: MIN_FLUSH_INTERVAL_MS - FLUSH_DELAY_MS,
      interval: 50,
    });
    await vi.waitFor(async () => expect(await logged(user.id)).toBe(FLUSH_AT_EVENTS + 1), {
      timeout: 10_000,
      interval: 100,
    });
  });
});
