import {
  createExecutionContext,
  createMessageBatch,
  createScheduledController,
  getQueueResult,
  waitOnExecutionContext,
} from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import worker from "../../workers/index";
import { ROWS_PER_DELETE, maintenance } from "../../workers/cron/maintenance";
import { createBus } from "../../workers/ports/bus";
import { TASK_MESSAGE_VERSION } from "../../schemas/tasks";
import type { LiveMessage } from "../../schemas/live";
import { actorOf, uniqueId } from "../helpers/api";

// RPC stubs type `unknown` payloads as unserializable, so read the replay log as what it is.
const replayTypes = async (userId: string) => ((await actorOf(userId).replay(0)) as LiveMessage[]).map((m) => m.type);

async function deliver(queue: string, bodies: unknown[], target: typeof env = env) {
  const batch = createMessageBatch(
    queue,
    bodies.map((body, i) => ({ id: `${uniqueId("msg")}-${i}`, timestamp: new Date(), attempts: 1, body })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, target, ctx);
  return getQueueResult(batch, ctx);
}

describe("the tasks queue consumer", () => {
  it("delivers a live.push message to the user's actor and acks it", async () => {
    const userId = uniqueId();
    const result = await deliver("edge-coach-tasks", [
      { kind: "live.push", userId, type: "notification", data: { hi: 1 } },
    ]);
    expect(result.explicitAcks).toHaveLength(1);
    expect(await replayTypes(userId)).toEqual(["notification"]);
  });

  it("writes the behaviour-log messages of a batch together, each event once", async () => {
    const [userId, itemId, category] = [uniqueId("u"), uniqueId("item"), uniqueId("cat")];
    const at = Date.now();
    const event = (traceId: string, type: string) => ({ userId, traceId, type, itemId, category, query: null, at });
    const result = await deliver("edge-coach-tasks", [
      { kind: "events.log", events: [event("t1", "view"), event("t2", "click")] },
      // t2 again: a redelivered outbox row must not count twice
      { kind: "events.log", events: [event("t2", "click"), event("t3", "add_to_cart")] },
    ]);
    expect(result.explicitAcks).toHaveLength(2);
    const logged = await env.DB.prepare(`SELECT trace_id FROM item_events WHERE user_id = ? ORDER BY trace_id`)
      .bind(userId)
      .all<{ trace_id: string }>();
    expect(logged.results.map((r) => r.trace_id)).toEqual(["t1", "t2", "t3"]);
    const interest = await env.DB.prepare(`SELECT kind, last_at FROM item_interest WHERE user_id = ? AND item_id = ?`)
      .bind(userId, itemId)
      .first<{ kind: string; last_at: number }>();
    expect(interest).toEqual({ kind: "add_to_cart", last_at: at });
    const trending = await env.TRENDING.get(env.TRENDING.idFromName("global")).top({ limit: 1, category });
    // view 1 + click 2 + add to cart 4, counted once each
    expect(trending[0]?.itemId).toBe(itemId);
    expect(trending[0]?.score).toBeCloseTo(7, 2);
  });

  it("logs a batch that shows no interest (purchases and dismissals only) and counts it in trending", async () => {
    const [userId, itemId, category] = [uniqueId("u"), uniqueId("item"), uniqueId("cat")];
    const event = (traceId: string, type: string) => ({
      userId,
      traceId,
      type,
      itemId,
      category,
      query: null,
      at: Date.now(),
    });
    const result = await deliver("edge-coach-tasks", [
      { kind: "events.log", events: [event("p1", "purchase"), event("d1", "dismiss")] },
    ]);
    expect(result.explicitAcks).toHaveLength(1);
    const logged = await env.DB.prepare(`SELECT trace_id FROM item_events WHERE user_id = ? ORDER BY trace_id`)
      .bind(userId)
      .all<{ trace_id: string }>();
    expect(logged.results.map((r) => r.trace_id)).toEqual(["d1", "p1"]);
    const interest = await env.DB.prepare(`SELECT count(*) AS n FROM item_interest WHERE user_id = ?`)
      .bind(userId)
      .first<{ n: number }>();
    expect(interest?.n).toBe(0);
    const [top] = await env.TRENDING.get(env.TRENDING.idFromName("global")).top({ limit: 1, category });
    expect(top?.itemId).toBe(itemId);
  });

  it("writes a batch larger than one statement once, and a redelivered older event does not move interest back", async () => {
    const [userId, category] = [uniqueId("u"), uniqueId("cat")];
    const [hot, other] = [uniqueId("item"), uniqueId("item")];
    const at = Date.now();
    // 2,499 views (all but one of one item) and a cart of it: two insert statements
    const views = Array.from({ length: 2499 }, (_, i) => ({
      userId,
      traceId: `v${i}`,
      type: "view",
      itemId: i === 0 ? other : hot,
      category,
      query: null,
      at: at + i,
    }));
    const cart = { userId, traceId: "c1", type: "add_to_cart", itemId: hot, category, query: null, at: at + 5000 };
    // a message carries at most 500 events, as the outbox packs them
    const messages = [0, 500, 1000, 1500, 2000].map((from) => ({
      kind: "events.log",
      events: [...views.slice(from, from + 500), ...(from === 2000 ? [cart] : [])],
    }));
    expect((await deliver("edge-coach-tasks", messages)).explicitAcks).toHaveLength(5);
    // the batch comes again, then an old view of the same item alone: nothing may change
    expect((await deliver("edge-coach-tasks", messages)).explicitAcks).toHaveLength(5);
    expect((await deliver("edge-coach-tasks", [{ kind: "events.log", events: [views[1]] }])).explicitAcks).toHaveLength(
      1,
    );
    const count = await env.DB.prepare(`SELECT count(*) AS n FROM item_events WHERE user_id = ?`)
      .bind(userId)
      .first<{ n: number }>();
    expect(count?.n).toBe(2500);
    const interest = await env.DB.prepare(
      `SELECT item_id, kind, last_at FROM item_interest WHERE user_id = ? ORDER BY last_at`,
    )
      .bind(userId)
      .all<{ item_id: string; kind: string; last_at: number }>();
    expect(interest.results).toEqual([
      { item_id: other, kind: "view", last_at: at },
      { item_id: hot, kind: "add_to_cart", last_at: at + 5000 },
    ]);
    const [top] = await env.TRENDING.get(env.TRENDING.idFromName("global")).top({ limit: 1, category });
    // 2,498 views of the hot item (weight 1) and one cart (4), counted once: about 2,502, not twice that
    expect(top?.itemId).toBe(hot);
    expect(top?.score).toBeGreaterThan(2450);
    expect(top?.score).toBeLessThan(2550);
  });

  it("writes the request-log messages of a batch together, each once, every column as sent", async () => {
    const userId = uniqueId("u");
    const at = Date.now();
    const entry = (id: string, status: number, model: string | null = null) => ({
      kind: "request.log",
      id,
      userId,
      route: "coach POST /v1/coach/interpretation",
      method: "POST",
      status,
      latencyMs: 3,
      provider: model ? "offline" : null,
      model,
      tokens: model ? 42 : null,
      at,
    });
    const [a, b, turn] = [uniqueId("req"), uniqueId("req"), uniqueId("turn")];
    const asked = { ...entry(turn, 200, "오프라인 코치"), requestId: a };
    const result = await deliver("edge-coach-tasks", [entry(a, 200), entry(b, 404), entry(a, 200), asked]);
    expect(result.explicitAcks).toHaveLength(4);
    const rows = await env.DB.prepare(
      `SELECT id, request_id, status, latency_ms, provider, model, tokens, at FROM request_logs
       WHERE user_id = ? ORDER BY status, id = ?`,
    )
      .bind(userId, turn)
      .all();
    // each row is its message, column by column; a message without requestId is its own request
    const stored = ({
      id,
      requestId,
      status,
      latencyMs,
      provider,
      model,
      tokens,
    }: ReturnType<typeof entry> & { requestId?: string }) => ({
      id,
      request_id: requestId ?? id,
      status,
      latency_ms: latencyMs,
      provider,
      model,
      tokens,
      at,
    });
    expect(rows.results).toEqual([stored(entry(a, 200)), stored(asked), stored(entry(b, 404))]);
  });

  it("acks an invalid message instead of retrying it forever", async () => {
    const result = await deliver("edge-coach-tasks", [{ kind: "no-such-kind" }]);
    expect(result.explicitAcks).toHaveLength(1);
    expect(result.retryMessages).toHaveLength(0);
  });

  it("the bus refuses to send a message that breaks the schema", async () => {
    await expect(createBus(env).send({ kind: "live.push" } as never)).rejects.toThrow();
  });
});

describe("message versions", () => {
  const deadLetterOf = (marker: string) =>
    env.DB.prepare(`SELECT reason FROM dead_letters WHERE body LIKE ?`).bind(`%${marker}%`).first<{ reason: string }>();

  it("reads the previous version (no `v`) and the current one alike", async () => {
    const userId = uniqueId("u");
    const event = (traceId: string) => ({
      userId,
      traceId,
      type: "view",
      itemId: uniqueId("item"),
      query: null,
      at: 1,
    });
    const result = await deliver("edge-coach-tasks", [
      { kind: "events.log", events: [{ ...event("old"), category: "books" }] },
      { kind: "events.log", v: 2, events: [{ ...event("new"), category: "games" }] },
    ]);
    expect(result.explicitAcks).toHaveLength(2);
    const rows = await env.DB.prepare(`SELECT trace_id, type FROM item_events WHERE user_id = ? ORDER BY trace_id`)
      .bind(userId)
      .all<{ trace_id: string; type: string }>();
    expect(rows.results).toEqual([
      { trace_id: "new", type: "view" },
      { trace_id: "old", type: "view" },
    ]);
  });

  it("dead-letters a version it does not know, saying so, instead of guessing", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const marker = uniqueId("future");
    const result = await deliver("edge-coach-tasks", [{ kind: "ping", v: 3, at: marker }]);
    expect(result.explicitAcks).toHaveLength(1);
    await vi.waitFor(
      async () => expect((await deadLetterOf(marker))?.reason).toBe("invalid: unknown message version 3"),
      {
        timeout: 10_000,
        interval: 100,
      },
    );
  });

  it("stamps every message the bus sends with the current version", async () => {
    const sent: unknown[] = [];
    const queue = {
      send: async (body: unknown) => void sent.push(body),
      sendBatch: async () => {},
    } as unknown as Queue;
    await createBus({ TASKS: queue }).send({ kind: "ping", at: "now" });
    expect(sent).toEqual([{ kind: "ping", at: "now", v: TASK_MESSAGE_VERSION }]);
  });
});

describe("the consumer's fault hook (FAULT_QUEUE_FAILURE_RATE)", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });
  const withRate = (rate: string) => ({ ...env, FAULT_QUEUE_FAILURE_RATE: rate }) as typeof env;
  const logBodies = (userId: string, n: number) =>
    Array.from({ length: n }, (_, i) => ({
      kind: "events.log",
      events: [{ userId, traceId: `f${i}`, type: "search", itemId: null, query: "novel", at: Date.now() }],
    }));
  const loggedCount = async (userId: string) =>
    (await env.DB.prepare(`SELECT count(*) AS n FROM item_events WHERE user_id = ?`)
      .bind(userId)
      .first<{ n: number }>())!.n;

  it("at rate 1 retries every valid message, as if its handler had thrown, and applies none", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const userId = uniqueId("u");
    const result = await deliver(
      "edge-coach-tasks",
      [...logBodies(userId, 3), { kind: "ping", at: "now" }],
      withRate("1"),
    );
    expect(result.explicitAcks).toHaveLength(0);
    expect(result.retryMessages).toHaveLength(4);
    expect(await loggedCount(userId)).toBe(0);
  });

  it("at rate 1 still sends an invalid message to the dead-letter queue instead of retrying it", async () => {
    const result = await deliver("edge-coach-tasks", [{ kind: "no-such-kind" }], withRate("1"));
    expect(result.explicitAcks).toHaveLength(1);
    expect(result.retryMessages).toHaveLength(0);
  });

  it("at rate 0 (the default) never fails a message", async () => {
    const userId = uniqueId("u");
    const result = await deliver("edge-coach-tasks", logBodies(userId, 20), withRate("0"));
    expect(result.retryMessages).toHaveLength(0);
    expect(result.explicitAcks).toHaveLength(20);
    expect(await loggedCount(userId)).toBe(20);
  });
});

describe("the dead-letter consumer", () => {
  it("stores each dead letter once, even when redelivered", async () => {
    const id = uniqueId("dead");
    const message = { id, timestamp: new Date(), attempts: 4, body: { reason: "invalid", body: { kind: "bogus" } } };
    for (let i = 0; i < 2; i++) {
      const batch = createMessageBatch("edge-coach-tasks-dlq", [message]);
      const ctx = createExecutionContext();
      await worker.queue(batch, env, ctx);
      await getQueueResult(batch, ctx);
    }
    const rows = await env.DB.prepare("SELECT reason, body, attempts FROM dead_letters WHERE id = ?").bind(id).all();
    expect(rows.results).toEqual([{ reason: "invalid", body: '{"kind":"bogus"}', attempts: 4 }]);
  });
});

describe("the maintenance cron", () => {
  it("deletes dead letters past the retention window and keeps recent ones", async () => {
    const now = Date.now();
    const [old, fresh] = [uniqueId("old"), uniqueId("fresh")];
    await env.DB.batch([
      env.DB.prepare(
        "INSERT INTO dead_letters (id, queue, body, reason, attempts, received_at) VALUES (?, 'q', '{}', 'x', 1, ?)",
      ).bind(old, now - 31 * 86_400_000),
      env.DB.prepare(
        "INSERT INTO dead_letters (id, queue, body, reason, attempts, received_at) VALUES (?, 'q', '{}', 'x', 1, ?)",
      ).bind(fresh, now),
    ]);
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: "*/15 * * * *", scheduledTime: now }), env, ctx);
    await waitOnExecutionContext(ctx);
    const ids = (
      await env.DB.prepare("SELECT id FROM dead_letters WHERE id IN (?, ?)").bind(old, fresh).all()
    ).results.map((r) => r.id);
    expect(ids).toEqual([fresh]);
  });
});

describe("the behaviour log's retention", () => {
  it("deletes events older than BEHAVIOUR_LOG_RETENTION_DAYS, across several bounded statements, and keeps newer ones", async () => {
    const now = Date.now();
    const userId = uniqueId("retention");
    const day = 86_400_000;
    const old = Array.from({ length: ROWS_PER_DELETE + 2 }, (_, i) => ({ t: `old-${i}`, at: now - 91 * day - i }));
    const kept = [
      { t: "fresh", at: now },
      { t: "edge", at: now - 89 * day },
    ];
    await env.DB.prepare(
      `INSERT INTO item_events (user_id, trace_id, type, at)
       SELECT ?, value ->> 't', 'view', value ->> 'at' FROM json_each(?)`,
    )
      .bind(userId, JSON.stringify([...old, ...kept]))
      .run();
    const before = await maintenance(env, new Date(now - 2 * day)); // nothing of this user is 90 days old yet then
    expect(before.eventsDeleted).toBe(0);
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: "*/15 * * * *", scheduledTime: now }), env, ctx);
    await waitOnExecutionContext(ctx);
    const left = await env.DB.prepare(`SELECT trace_id FROM item_events WHERE user_id = ? ORDER BY trace_id`)
      .bind(userId)
      .all<{ trace_id: string }>();
    expect(left.results.map((r) => r.trace_id)).toEqual(["edge", "fresh"]);
  });
});

describe("the price-drop audience's retention", () => {
  it("deletes interest older than PRICE_DROP_INTEREST_DAYS, which can no longer make anyone an audience", async () => {
    const now = Date.now();
    const day = 86_400_000;
    const itemId = uniqueId("interest-item");
    const rows = [
      { user: "stale", at: now - 15 * day },
      { user: "recent", at: now - 13 * day },
      { user: "today", at: now },
    ];
    await env.DB.prepare(
      `INSERT INTO item_interest (item_id, user_id, kind, last_at)
       SELECT ?, value ->> 'user', 'view', value ->> 'at' FROM json_each(?)`,
    )
      .bind(itemId, JSON.stringify(rows))
      .run();
    const result = await maintenance(env, new Date(now));
    expect(result.interestDeleted).toBeGreaterThanOrEqual(1);
    const left = await env.DB.prepare(`SELECT user_id FROM item_interest WHERE item_id = ? ORDER BY user_id`)
      .bind(itemId)
      .all<{ user_id: string }>();
    expect(left.results.map((r) => r.user_id)).toEqual(["recent", "today"]);
  });
});

describe("recorded price drops' retention", () => {
  it("forgets a drop after a day, when no interest can still be on its way to it", async () => {
    const now = Date.now();
    const itemId = uniqueId("drop-item");
    for (const at of [now - 25 * 3_600_000, now - 23 * 3_600_000])
      await env.DB.prepare(
        "INSERT INTO price_drops (item_id, at, from_price, to_price, percent) VALUES (?, ?, 100, 80, 20)",
      )
        .bind(itemId, at)
        .run();
    const result = await maintenance(env, new Date(now));
    expect(result.dropsDeleted).toBeGreaterThanOrEqual(1);
    const left = await env.DB.prepare("SELECT at FROM price_drops WHERE item_id = ?")
      .bind(itemId)
      .all<{ at: number }>();
    expect(left.results.map((r) => r.at)).toEqual([now - 23 * 3_600_000]);
  });
});

describe("the real queue", () => {
  it("carries a bus message to the consumer and on to the user's sockets' replay log", async () => {
    const userId = uniqueId();
    await createBus(env).send({ kind: "live.push", userId, type: "job.done", data: { via: "queue" } });
    await vi.waitFor(async () => expect(await replayTypes(userId)).toEqual(["job.done"]), {
      timeout: 5000,
      interval: 50,
    });
  });
});
