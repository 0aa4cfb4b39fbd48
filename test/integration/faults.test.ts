import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { EventsResult } from "../../schemas/events";
import { onError } from "../../workers/api/problem";
import { createRouter } from "../../workers/api/types";
import { ActorUnavailableError, transientActorError } from "../../workers/errors";
import { saveDeadLetters } from "../../workers/ports/db/dead-letters";
import { actorOf, api, expectProblem, newUser, uniqueId } from "../helpers/api";
import { seedCatalogue, sendEvents, traceId, type SeededItem } from "../helpers/catalogue";

type DeadLetterList = { items: { id: string; reason: string | null; body: unknown }[]; nextCursor: string | null };

let admin: { id: string; token: string };
let items: SeededItem[];
beforeAll(async () => {
  admin = await newUser("admin");
  ({ items } = await seedCatalogue());
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe("POST /v1/admin/faults/evict (development only)", () => {
  it("resets the user's actor: a fresh instance, the same storage (a replayed traceId is still a duplicate)", async () => {
    const user = await newUser();
    const event = { traceId: traceId(), type: "view", itemId: items[0]!.id };
    expect((await sendEvents(user.token, [event])).body.accepted).toBe(1);
    await runInDurableObject(actorOf(user.id), (instance) => {
      (instance as unknown as { marker?: string }).marker = "before";
    });

    const res = await api("/v1/admin/faults/evict", { method: "POST", token: admin.token, json: { userId: user.id } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ userId: user.id, evicted: true });

    const marker = await runInDurableObject(
      actorOf(user.id),
      (instance) => (instance as unknown as { marker?: string }).marker,
    );
    expect(marker).toBeUndefined();
    const replay = (await sendEvents(user.token, [event])).body as EventsResult;
    expect(replay).toMatchObject({ accepted: 0, duplicates: 1 });
  });

  it("is counted in GET /v1/admin/faults", async () => {
    const before = (await (await api("/v1/admin/faults", { token: admin.token })).json()) as {
      queueFailureRate: number;
      stats: { evictions: number };
    };
    await api("/v1/admin/faults/evict", { method: "POST", token: admin.token, json: { userId: uniqueId() } });
    const after = (await (await api("/v1/admin/faults", { token: admin.token })).json()) as typeof before;
    expect(after.queueFailureRate).toBe(0);
    expect(after.stats.evictions).toBe(before.stats.evictions + 1);
  });

  it("needs an administrator (403)", async () => {
    const user = await newUser();
    await expectProblem(
      await api("/v1/admin/faults/evict", { method: "POST", token: user.token, json: { userId: user.id } }),
      403,
    );
  });

  it("answers a bad body with 400 problem+json", async () => {
    await expectProblem(
      await api("/v1/admin/faults/evict", { method: "POST", token: admin.token, json: { userId: "not an id" } }),
      400,
    );
  });
});

describe("a request whose actor resets while it answers", () => {
  it("gets 503 problem+json with Retry-After, not a 500 (the platform's reset error is recognised)", async () => {
    // the error a caller really receives when the actor it awaits is reset mid-call
    const reset = await actorOf(uniqueId("reset"))
      .evict()
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(reset).toBeInstanceOf(Error);
    expect(transientActorError(reset)).toBeInstanceOf(ActorUnavailableError);
    expect(transientActorError(new Error("some other failure"))).toBeNull();

    const app = createRouter();
    app.onError(onError);
    app.get("/needs-actor", () => {
      throw reset;
    });
    const res = await app.request("/needs-actor");
    expect(res.status).toBe(503);
    expect(res.headers.get("Retry-After")).toBe("1");
    expect(res.headers.get("Content-Type")).toMatch(/^application\/problem\+json/);
    expect((await res.json<{ type: string }>()).type).toMatch(/actor-unavailable$/);
  });
});

describe("POST /v1/admin/faults/poison (development only)", () => {
  it("puts messages on the task queue that end in the dead-letter table with a reason", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const res = await api("/v1/admin/faults/poison", { method: "POST", token: admin.token, json: { count: 2 } });
    expect(res.status).toBe(202);
    const { marker, sent } = (await res.json()) as { marker: string; sent: number };
    expect(sent).toBe(2);
    await vi.waitFor(
      async () => {
        const rows = await env.DB.prepare(`SELECT reason FROM dead_letters WHERE body LIKE ?`)
          .bind(`%${marker}%`)
          .all<{ reason: string }>();
        expect(rows.results.map((r) => r.reason)).toEqual([
          "invalid: invalid fault.poison message (v1)",
          "invalid: invalid fault.poison message (v1)",
        ]);
      },
      { timeout: 10_000, interval: 100 },
    );
  });

  it("refuses a count over 100 (400)", async () => {
    await expectProblem(
      await api("/v1/admin/faults/poison", { method: "POST", token: admin.token, json: { count: 101 } }),
      400,
    );
  });
});

describe("the dead-letter routes", () => {
  const deadLetter = (body: unknown, reason: string) => ({
    id: uniqueId("dlq"),
    queue: "edge-coach-tasks",
    body: JSON.stringify(body),
    reason,
    attempts: 4,
    receivedAt: new Date(),
  });

  it("GET /v1/admin/dead-letters lists them newest first with their reason and body", async () => {
    const row = deadLetter({ kind: "ping", at: "x" }, "retries exhausted");
    await saveDeadLetters(env, [row]);
    const res = await api("/v1/admin/dead-letters?limit=100", { token: admin.token });
    expect(res.status).toBe(200);
    const list = (await res.json()) as DeadLetterList;
    expect(list.items.find((i) => i.id === row.id)).toMatchObject({
      reason: "retries exhausted",
      body: { kind: "ping", at: "x" },
    });
  });

  it("redrive puts a dead behaviour-log message back on the queue, whose events are then stored", async () => {
    const userId = uniqueId("u");
    const body = {
      kind: "events.log",
      events: [{ userId, traceId: "r1", type: "search", itemId: null, query: "novel", at: Date.now() }],
    };
    const row = deadLetter(body, "retries exhausted");
    await saveDeadLetters(env, [row]);
    const res = await api(`/v1/admin/dead-letters/${row.id}/redrive`, { method: "POST", token: admin.token });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ id: row.id, redriven: true });
    await vi.waitFor(
      async () => {
        const n = await env.DB.prepare(`SELECT count(*) AS n FROM item_events WHERE user_id = ?`)
          .bind(userId)
          .first<{ n: number }>();
        expect(n!.n).toBe(1);
      },
      { timeout: 10_000, interval: 100 },
    );
    await expectProblem(
      await api(`/v1/admin/dead-letters/${row.id}/redrive`, { method: "POST", token: admin.token }),
      404,
    );
  });

  it("redrives a dead letter once however many redrives race: one 202, the rest 404", async () => {
    const row = deadLetter({ kind: "ping", at: new Date().toISOString() }, "retries exhausted");
    await saveDeadLetters(env, [row]);
    const statuses = await Promise.all(
      Array.from({ length: 8 }, () =>
        api(`/v1/admin/dead-letters/${row.id}/redrive`, { method: "POST", token: admin.token }).then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s === 202)).toHaveLength(1);
    expect(statuses.filter((s) => s === 404)).toHaveLength(7);
  });

  it("refuses to redrive a body that is not a task message (422)", async () => {
    const row = deadLetter({ kind: "no-such-kind" }, "invalid");
    await saveDeadLetters(env, [row]);
    await expectProblem(
      await api(`/v1/admin/dead-letters/${row.id}/redrive`, { method: "POST", token: admin.token }),
      422,
    );
  });

  it("answers an unknown id with 404 and a non-admin with 403", async () => {
    await expectProblem(
      await api(`/v1/admin/dead-letters/${uniqueId("none")}/redrive`, { method: "POST", token: admin.token }),
      404,
    );
    const user = await newUser();
    await expectProblem(await api("/v1/admin/dead-letters", { token: user.token }), 403);
  });

  it("answers a foreign cursor with 400", async () => {
    await expectProblem(await api("/v1/admin/dead-letters?cursor=nonsense", { token: admin.token }), 400);
  });
});
