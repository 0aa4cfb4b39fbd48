import { createExecutionContext, createMessageBatch, getQueueResult, runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import worker from "../../workers/index";
import type { AppEnv } from "../../workers/env";
import { archiveActivityEvents, archiveRequestLogs, archiveUserActions } from "../../workers/services/archive";
import { actorOf, api, newUser, uniqueId } from "../helpers/api";
import { seedCatalogue, sendEvents, traceId, type SeededItem } from "../helpers/catalogue";
import { activity, lifelogOf, postActivity } from "../helpers/lifelog";
import { archiveCount, archiveRows, hyperdrive } from "../helpers/postgres";

/** Delivers `bodies` to the tasks consumer as one batch, as Queues would (a redelivery is a second call). */
async function deliver(bodies: unknown[], target: AppEnv = env) {
  const batch = createMessageBatch(
    "edge-coach-tasks",
    bodies.map((body, i) => ({ id: `${uniqueId("msg")}-${i}`, timestamp: new Date(), attempts: 1, body })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, target as typeof env, ctx);
  return getQueueResult(batch, ctx);
}

const eventually = <T>(check: () => Promise<T>) => vi.waitFor(check, { timeout: 10_000, interval: 100 });
const actionsOf = (userId: string) =>
  archiveRows<{
    trace_id: string;
    type: string;
    item_id: string | null;
    category: string | null;
    query: string | null;
    at: Date;
  }>(`SELECT trace_id, type, item_id, category, query, at FROM user_actions WHERE user_id = $1 ORDER BY at, trace_id`, [
    userId,
  ]);
// yesterday's clock time: today's 09:30 is still in the future before 09:30 UTC, and the actor clamps
// a future event to now
const at = (hhmm: string) => `${new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)}T${hhmm}:00Z`;

if (!hyperdrive) console.warn("archive-postgres: no HYPERDRIVE binding (no local PostgreSQL), Postgres tests skipped");

describe.skipIf(!hyperdrive)("the Postgres archive through Hyperdrive", () => {
  let items: SeededItem[];
  let categoryName: (category: SeededItem["category"]) => string;
  beforeAll(async () => {
    ({ items, categoryName } = await seedCatalogue());
  });

  it("archives every recommendation event accepted through the API once, Korean queries intact", async () => {
    const user = await newUser();
    const sent = Date.parse(at("09:30"));
    const view = { traceId: traceId(), type: "view", itemId: items[0]!.id, at: new Date(sent).toISOString() };
    const search = {
      traceId: traceId(),
      type: "search",
      query: "겨울 등산화 추천",
      at: new Date(sent + 1000).toISOString(),
    };
    expect((await sendEvents(user.token, [view, search])).body.accepted).toBe(2);
    expect((await sendEvents(user.token, [view])).body.duplicates).toBe(1);
    expect(await runDurableObjectAlarm(actorOf(user.id))).toBe(true);

    const rows = await eventually(async () => {
      const found = await actionsOf(user.id);
      expect(found).toHaveLength(2);
      return found;
    });
    expect(rows[0]).toMatchObject({ trace_id: view.traceId, type: "view", item_id: items[0]!.id, query: null });
    expect(rows[0]!.category).toBe(categoryName(items[0]!.category));
    expect(rows[0]!.at.getTime()).toBe(sent);
    expect(rows[1]).toMatchObject({
      trace_id: search.traceId,
      type: "search",
      item_id: null,
      query: "겨울 등산화 추천",
    });
    const logged = await env.DB.prepare(`SELECT count(*) AS n FROM item_events WHERE user_id = ?`)
      .bind(user.id)
      .first<{ n: number }>();
    expect(logged?.n).toBe(2);
  });

  it("keeps one row when a behaviour-log message is delivered again, in the same batch or a later one", async () => {
    const userId = uniqueId();
    const event = (trace: string) => ({
      userId,
      traceId: trace,
      type: "click",
      itemId: "i-1",
      query: null,
      at: Date.now(),
    });
    const message = { kind: "events.log", events: [event("t-1"), event("t-2")] };
    expect((await deliver([message, message])).explicitAcks).toHaveLength(2);
    expect((await deliver([message])).explicitAcks).toHaveLength(1);
    expect((await actionsOf(userId)).map((r) => r.trace_id)).toEqual(["t-1", "t-2"]);
  });

  it("retries a batch the archive could not write, and its redelivery archives each event once", async () => {
    const userId = uniqueId();
    const message = {
      kind: "events.log",
      events: [{ userId, traceId: "t-1", type: "view", itemId: "i-1", query: "서울 카페", at: Date.now() }],
    };
    // nothing listens on port 1: the connection is refused, as when the database is down
    const down = { ...env, HYPERDRIVE: { connectionString: "postgres://postgres:pw@127.0.0.1:1/postgres" } };
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const failed = await deliver([message], down as AppEnv);
    const logged = errors.mock.calls.flat().join("\n");
    errors.mockRestore();
    expect(failed.explicitAcks).toEqual([]);
    expect(failed.retryMessages).toHaveLength(1);
    // the reason is logged, the batch is not: it holds user ids and what people searched for
    expect(logged).toContain("archive write to user_actions failed (1 rows)");
    expect(logged).not.toContain("서울 카페");
    expect(await actionsOf(userId)).toEqual([]);
    expect((await deliver([message])).explicitAcks).toHaveLength(1);
    expect((await actionsOf(userId)).map((r) => r.query)).toEqual(["서울 카페"]);
  });

  it("keys actions by user and trace id, so two users' identical trace ids are two rows", async () => {
    const [first, second] = [uniqueId(), uniqueId()];
    const event = (userId: string) => ({
      userId,
      traceId: "shared-trace",
      type: "view",
      itemId: "i-1",
      query: null,
      at: 0,
    });
    await deliver([{ kind: "events.log", events: [event(first), event(second)] }]);
    expect(
      await archiveCount(
        `SELECT count(*) AS n FROM user_actions WHERE trace_id = 'shared-trace' AND user_id IN ($1, $2)`,
        [first, second],
      ),
    ).toBe(2);
  });

  it("archives life-log events once with their places still sealed", async () => {
    const user = await newUser();
    const e = activity("location", at("18:00"), 90, { place: "헬스장", geofenceId: "gf-12" });
    expect((await postActivity(user.token, [e])).body.accepted).toBe(1);
    expect(await runDurableObjectAlarm(lifelogOf(user.id))).toBe(true);
    const [row] = await eventually(async () => {
      const found = await archiveRows<{
        source: string;
        start_at: Date;
        end_at: Date;
        metadata: Record<string, string>;
      }>(`SELECT source, start_at, end_at, metadata FROM activity_events WHERE user_id = $1 AND event_id = $2`, [
        user.id,
        e.eventId,
      ]);
      expect(found).toHaveLength(1);
      return found;
    });
    expect(row!.source).toBe("location");
    expect(row!.end_at.getTime() - row!.start_at.getTime()).toBe(90 * 60_000);
    expect(row!.metadata.place).toMatch(/^v1\./);
    expect(row!.metadata.geofenceId).toMatch(/^v1\./);
    expect(JSON.stringify(row!.metadata)).not.toContain("헬스장");
  });

  it("keeps one row when an activity.raw message is delivered again", async () => {
    const userId = uniqueId();
    const record = {
      eventId: "ev-1",
      source: "calendar",
      start: 0,
      end: 3_600_000,
      deviceId: null,
      category: "work",
      confidence: 0.9,
      metadata: { title: "주간 회의" },
    };
    const message = { kind: "activity.raw", v: 1, userId, events: [record] };
    expect((await deliver([message])).explicitAcks).toHaveLength(1);
    expect((await deliver([message])).explicitAcks).toHaveLength(1);
    const rows = await archiveRows<{ metadata: { title: string } }>(
      `SELECT metadata FROM activity_events WHERE user_id = $1`,
      [userId],
    );
    expect(rows).toEqual([{ metadata: { title: "주간 회의" } }]);
  });

  it("logs a /v1 request with its route, status, duration and user", async () => {
    const user = await newUser();
    const requestId = uniqueId("req");
    const res = await api("/v1/coach/sessions", { token: user.token, headers: { "X-Request-Id": requestId } });
    expect(res.status).toBe(200);
    const [row] = await eventually(async () => {
      const found = await archiveRows<Record<string, unknown>>(`SELECT * FROM api_request_logs WHERE id = $1`, [
        requestId,
      ]);
      expect(found).toHaveLength(1);
      return found;
    });
    expect(row).toMatchObject({
      request_id: requestId,
      user_id: user.id,
      method: "GET",
      route: expect.stringMatching(/ \/v1\/coach\/sessions$/),
      status: 200,
    });
    expect(row!.duration_ms).toBeGreaterThanOrEqual(0);
  });

  it("logs a streamed coach turn under the id of the HTTP request that asked, in D1 and Postgres", async () => {
    const user = await newUser();
    const session = await api("/v1/coach/sessions", { method: "POST", token: user.token, json: {} });
    const { id } = (await session.json()) as { id: string };
    const requestId = uniqueId("req");
    const res = await api(`/v1/coach/sessions/${id}/messages`, {
      method: "POST",
      token: user.token,
      json: { content: "위임은 어떻게 시작하나요?" },
      headers: { Accept: "text/event-stream", "X-Request-Id": requestId },
    });
    expect(res.status).toBe(200);
    await res.text();
    const [turn] = await eventually(async () => {
      const found = await archiveRows<Record<string, unknown>>(
        `SELECT id, route, method, status, user_id FROM api_request_logs WHERE request_id = $1 AND id <> $1`,
        [requestId],
      );
      expect(found).toHaveLength(1);
      return found;
    });
    expect(turn).toMatchObject({ route: "coach.answer", method: "STREAM", status: 200, user_id: user.id });
    const d1 = await env.DB.prepare(
      "SELECT id, request_id FROM request_logs WHERE route = 'coach.answer' AND request_id = ?",
    )
      .bind(requestId)
      .all<{ id: string; request_id: string }>();
    expect(d1.results).toEqual([{ id: turn!.id, request_id: requestId }]);
  });

  it("logs every /v1 request once the archive is configured, refused ones too", async () => {
    const user = await newUser();
    const [mine, refused] = [uniqueId("req"), uniqueId("req")];
    expect((await api("/v1/me", { token: user.token, headers: { "X-Request-Id": mine } })).status).toBe(200);
    expect((await api("/v1/me", { headers: { "X-Request-Id": refused } })).status).toBe(401);
    const rows = await eventually(async () => {
      const found = await archiveRows<{ id: string; status: number; user_id: string | null }>(
        `SELECT id, status, user_id FROM api_request_logs WHERE id = ANY($1) ORDER BY status`,
        [[mine, refused]],
      );
      expect(found).toHaveLength(2);
      return found;
    });
    expect(rows).toEqual([
      { id: mine, status: 200, user_id: user.id },
      { id: refused, status: 401, user_id: null },
    ]);
  });

  it("keeps one row when a request.log message is delivered again", async () => {
    const id = uniqueId("req");
    const message = {
      kind: "request.log",
      id,
      userId: null,
      route: "coach.answer",
      method: "STREAM",
      status: 200,
      latencyMs: 12,
      provider: "에코",
      model: null,
      tokens: 7,
      at: Date.now(),
    };
    await deliver([message, message]);
    await deliver([message]);
    const rows = await archiveRows<{ provider: string; tokens: number }>(
      `SELECT provider, tokens FROM api_request_logs WHERE id = $1`,
      [id],
    );
    expect(rows).toEqual([{ provider: "에코", tokens: 7 }]);
  });
});

describe("the archive without HYPERDRIVE", () => {
  it("writes nothing and does not fail", async () => {
    const bare = { ...env, HYPERDRIVE: undefined };
    const userId = uniqueId();
    const event = { userId, traceId: "t-1", type: "view" as const, itemId: "i-1", query: null, at: 0 };
    const record = {
      eventId: "ev-1",
      source: "manual" as const,
      start: 0,
      end: 60_000,
      deviceId: null,
      category: "rest" as const,
      confidence: 1,
      metadata: {},
    };
    const log = { id: uniqueId("req"), userId, route: "r", method: "GET", status: 200, latencyMs: 1, at: new Date() };
    await expect(archiveUserActions(bare, [event])).resolves.toBeUndefined();
    await expect(archiveActivityEvents(bare, userId, [record])).resolves.toBeUndefined();
    await expect(archiveRequestLogs(bare, [log])).resolves.toBeUndefined();
    if (hyperdrive) {
      const counts = await Promise.all(
        ["user_actions", "activity_events", "api_request_logs"].map((table) =>
          archiveCount(`SELECT count(*) AS n FROM ${table} WHERE user_id = $1`, [userId]),
        ),
      );
      expect(counts).toEqual([0, 0, 0]);
    }
  });
});
