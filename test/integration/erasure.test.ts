import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import type { ErasureReceipt } from "../../schemas/erasure";
import type { AppEnv } from "../../workers/env";
import { subjectHash } from "../../workers/domain/hash";
import { configOf } from "../../workers/env";
import { createVectorIndex } from "../../workers/ports/vectors";
import { RHYTHMS_NAMESPACE, rhythmVectorId } from "../../workers/services/rhythms";
import { actorOf, api, expectProblem, newUser, signToken } from "../helpers/api";
import { seedCatalogue, sendEvents, traceId } from "../helpers/catalogue";
import { scanActor, scanD1, scanKv, scanPostgres, scanR2 } from "../helpers/erasure-scan";
import { activity, lifelogOf, postActivity } from "../helpers/lifelog";
import { ok, seedEverything, settle } from "../helpers/export-seed";
import { archiveCount, hyperdrive } from "../helpers/postgres";

const appEnv = env as AppEnv;
const eventually = <T>(check: () => Promise<T>) => vi.waitFor(check, { timeout: 20_000, interval: 150 });
const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

async function call<T>(path: string, token: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const res = await api(path, { ...init, token });
  const text = await res.text();
  if (!res.ok) throw new Error(`${init.method ?? "GET"} ${path} answered ${res.status}: ${text}`);
  return (text ? JSON.parse(text) : {}) as T;
}

/** A person with a record in most stores, and a friend whose data must survive the erasure intact. */
async function seedPerson() {
  const person = await newUser();
  const friend = await newUser();
  const { items } = await seedCatalogue();
  await call("/v1/retrospects", person.token, {
    method: "POST",
    json: { purpose: "주간 회고", content: `I shipped the ${person.id} launch late; 다음엔 설계 검토를 먼저.` },
  });
  await call("/v1/devices", person.token, {
    method: "POST",
    json: { name: "phone", platform: "ios", sources: ["location"] },
  });
  expect(
    (
      await postActivity(person.token, [
        activity("location", `${yesterday}T08:00:00Z`, 60, { place: "gym" }),
        activity("screen_time", `${yesterday}T10:00:00Z`, 45, { app: "VS Code" }),
      ])
    ).status,
  ).toBe(202);
  await call("/v1/labels/interest", person.token, { method: "PUT", json: { value: "달리기 running" } });
  const mine = await call<{ id: string }>("/v1/posts", person.token, {
    method: "POST",
    json: { body: `${person.id} 오늘 10km 달렸어요`, visibility: "public" },
  });
  const theirs = await call<{ id: string }>("/v1/posts", friend.token, {
    method: "POST",
    json: { body: "friend's public post", visibility: "public" },
  });
  await call(`/v1/posts/${theirs.id}/reactions`, person.token, { method: "POST", json: { type: "cheer" } });
  await call(`/v1/posts/${theirs.id}/comments`, person.token, { method: "POST", json: { body: "멋져요 great run" } });
  await call(`/v1/posts/${mine.id}/comments`, friend.token, { method: "POST", json: { body: "nice" } });
  await call(`/v1/follows/${friend.id}`, person.token, { method: "POST" });
  await call(`/v1/follows/${person.id}`, friend.token, { method: "POST" });
  const community = await call<{ id: string }>("/v1/communities", person.token, {
    method: "POST",
    json: { title: "새벽 러닝 Dawn runners" },
  });
  await call(`/v1/communities/${community.id}/join`, friend.token, { method: "POST" });
  const session = await call<{ id: string }>("/v1/coach/sessions", person.token, { method: "POST", json: {} });
  await call(`/v1/coach/sessions/${session.id}/messages`, person.token, {
    method: "POST",
    json: { content: "How do I give feedback to a senior colleague?" },
  });
  const resume = await call<{ id: string }>("/v1/resumes", person.token, {
    method: "POST",
    json: { title: "Backend", content: "Five years of TypeScript and Postgres.", skills: ["typescript"] },
  });
  const job = await call<{ jobId: string }>(`/v1/resumes/${resume.id}/interview-questions`, person.token, {
    method: "POST",
    json: { count: 3 },
  });
  expect(
    (await sendEvents(person.token, [{ traceId: traceId(), type: "view", itemId: items[0]!.id }])).body.accepted,
  ).toBe(1);
  // the user actor's profile names the person (GET /v1/me records who it belongs to)
  await call("/v1/me", person.token);
  await call("/v1/me/privacy", person.token, { method: "PUT", json: { visibility: "anonymized_timeline" } });
  await call("/v1/labels/affiliation", person.token, {
    method: "PUT",
    json: { value: "Example Inc", domain: "example.com" },
  });
  await call("/v1/labels/affiliation/verify", person.token, {
    method: "POST",
    json: { email: `${person.id}@example.com` },
  });
  await call(`/v1/follows/labels/interest/${encodeURIComponent("달리기 running")}`, person.token, { method: "POST" });
  await call("/v1/feed", person.token);
  // a feed snapshot as a long feed's first page leaves it (services/social/feed.ts)
  await appEnv.CACHE.put(`feed:${person.id}:seeded`, JSON.stringify([mine.id]), { expirationTtl: 300 });
  await createVectorIndex(appEnv, configOf(appEnv)).upsert(RHYTHMS_NAMESPACE, [
    {
      id: await rhythmVectorId(person.id),
      values: Array.from({ length: 24 }, (_, i) => (i % 5) / 5),
      metadata: { userId: person.id },
    },
  ]);
  // a task message that dead-lettered while naming the person
  await appEnv.DB.prepare(
    `INSERT INTO dead_letters (id, queue, body, reason, attempts, received_at) VALUES (?, 'edge-coach-tasks', ?, 'test', 1, ?)`,
  )
    .bind(crypto.randomUUID(), JSON.stringify({ kind: "retro.feedback", userId: person.id }), Date.now())
    .run();
  await appEnv.BLOBS.put(`users/${person.id}/reports/seeded.json`, JSON.stringify({ owner: person.id }));
  await runDurableObjectAlarm(actorOf(person.id));
  // the consumer writes the behaviour log (D1) and the archive (Postgres) side by side: wait for both
  await eventually(async () =>
    expect(
      (
        await appEnv.DB.prepare(`SELECT count(*) AS n FROM item_events WHERE user_id = ?`)
          .bind(person.id)
          .first<{ n: number }>()
      )?.n,
    ).toBe(1),
  );
  if (hyperdrive) {
    // the archive has the person's actions before the erasure starts (the sweep covers later ones)
    await eventually(async () =>
      expect(await archiveCount(`SELECT count(*) AS n FROM user_actions WHERE user_id = $1`, [person.id])).toBe(1),
    );
  }
  return { person, friend, mine, theirs, community, session, job: job.jobId };
}

async function receiptOf(id: string): Promise<ErasureReceipt> {
  return call<ErasureReceipt>(`/v1/erasures/${id}`, "");
}

async function completed(id: string): Promise<ErasureReceipt> {
  return eventually(async () => {
    const receipt = await receiptOf(id);
    expect(receipt.status).toBe("completed");
    return receipt;
  });
}

/** Where the id still appears, across every store the product writes. */
async function traces(id: string, sessionIds: string[], jobIds: string[]): Promise<string[]> {
  const found = [
    ...(await scanD1(id)),
    ...(await scanActor(actorOf(id), "actor.user", id)),
    ...(await scanActor(lifelogOf(id), "actor.lifelog", id)),
    ...(await scanActor(appEnv.ERASURE.get(appEnv.ERASURE.idFromName(id)), "actor.erasure", id)),
    ...(await scanActor(appEnv.VECTOR_INDEX.get(appEnv.VECTOR_INDEX.idFromName("ns:rhythms")), "vectors.rhythms", id)),
    ...(await scanKv(id)),
    ...(await scanR2(id)),
    ...(await scanPostgres(id)),
  ];
  for (const session of sessionIds) {
    found.push(
      ...(await scanActor(appEnv.COACH_SESSION.get(appEnv.COACH_SESSION.idFromName(session)), "actor.session", id)),
    );
  }
  for (const job of jobIds)
    found.push(...(await scanActor(appEnv.JOB.get(appEnv.JOB.idFromName(job)), "actor.job", id)));
  return found;
}
const tracesOf = (seed: Awaited<ReturnType<typeof seedPerson>>) =>
  traces(seed.person.id, [seed.session.id], [seed.job]);

async function erase(token: string): Promise<ErasureReceipt> {
  const res = await api("/v1/me", { method: "DELETE", token });
  expect(res.status).toBe(202);
  return completed(((await res.json()) as { erasureId: string }).erasureId);
}

describe("DELETE /v1/me", () => {
  it("erases the person from every store, keeps their friend's data exact, and leaves an anonymous receipt", async () => {
    const seed = await seedPerson();
    // the scan finds the person everywhere before: otherwise an empty scan afterwards would prove nothing
    const before = (await tracesOf(seed)).map((t) => t.split(/[ :]/)[0] ?? t);
    for (const store of [
      "d1.retrospects",
      "d1.posts",
      "d1.comments",
      "d1.follows",
      "d1.communities",
      "d1.label_verifications",
      "d1.email_outbox",
      "d1.dead_letters",
      "d1.coach_sessions",
      "d1.jobs",
      "d1.item_events",
      "actor.user.meta",
      "actor.lifelog",
      "actor.session",
      "actor.job.job",
      "vectors.rhythms",
      "kv",
      "r2",
      ...(hyperdrive ? ["postgres.user_actions"] : []),
    ]) {
      expect(
        before.some((t) => t.startsWith(store)),
        `${store} in ${before.join(", ")}`,
      ).toBe(true);
    }

    const res = await api("/v1/me", { method: "DELETE", token: seed.person.token });
    expect(res.status).toBe(202);
    const accepted = (await res.json()) as { erasureId: string; status: string; receiptUrl: string };
    expect(accepted.status).toBe("running");
    expect(accepted.receiptUrl).toBe(`/v1/erasures/${accepted.erasureId}`);
    // from the answer on, the old token is refused
    await expectProblem(await api("/v1/retrospects", { token: seed.person.token }), 401);

    const receipt = await completed(accepted.erasureId);
    expect(receipt.steps.every((s) => s.done)).toBe(true);
    expect(receipt.stores["d1.posts"]).toBe(1);
    expect(receipt.stores["d1.retrospects"]).toBe(1);
    expect(receipt.stores["r2"]).toBe(1);
    expect(receipt.stores["actor.user"]).toBeGreaterThan(0);
    expect(JSON.stringify(receipt)).not.toContain(seed.person.id);

    expect(await tracesOf(seed)).toEqual([]);

    // the friend's post lost the person's reaction and comment (counts follow); the friend keeps theirs
    const post = await call<{ reactionCount?: number; commentCount?: number }>(
      `/v1/posts/${seed.theirs.id}`,
      seed.friend.token,
    );
    expect(JSON.stringify(post)).not.toContain(seed.person.id);
    const comments = await call<{ items: unknown[] }>(`/v1/posts/${seed.theirs.id}/comments`, seed.friend.token);
    expect(comments.items).toEqual([]);
    // the person's post is gone from the friend's feed and from the API
    const feed = await call<{ items: { id: string }[] }>("/v1/feed", seed.friend.token);
    expect(feed.items.map((p) => p.id)).not.toContain(seed.mine.id);
    await expectProblem(await api(`/v1/posts/${seed.mine.id}`, { token: seed.friend.token }), 404);
    // the community the person owned passed to the friend
    const community = await call<{ ownerId?: string; memberCount: number; myRole: string }>(
      `/v1/communities/${seed.community.id}`,
      seed.friend.token,
    );
    expect(community.memberCount).toBe(1);
    expect(community.myRole).toBe("owner");

    // the audit log keeps who erased what, by hash only
    const hash = await subjectHash(seed.person.id);
    const { results } = await appEnv.DB.prepare(`SELECT action FROM audit_log WHERE subject_hash = ? ORDER BY id`)
      .bind(hash)
      .all<{ action: string }>();
    expect(results.map((r) => r.action)).toEqual(["erase.requested", "erase.completed"]);
    await expect(appEnv.DB.prepare(`DELETE FROM audit_log WHERE subject_hash = ?`).bind(hash).run()).rejects.toThrow(
      /append-only/,
    );
  });

  it("resumes after a crash injected between a step's deletes and its bookkeeping, and still leaves nothing", async () => {
    const seed = await seedPerson();
    await appEnv.ERASURE.get(appEnv.ERASURE.idFromName(seed.person.id)).injectCrashAfter("d1");
    const res = await api("/v1/me", { method: "DELETE", token: seed.person.token });
    expect(res.status).toBe(202);
    const { erasureId } = (await res.json()) as { erasureId: string };
    const receipt = await completed(erasureId);
    expect(receipt.steps.every((s) => s.done)).toBe(true);
    expect(receipt.stores["d1.retrospects"]).toBe(1);
    expect(await tracesOf(seed)).toEqual([]);
  });

  it("refuses tokens issued before the erasure, accepts a new account under the same id afterwards", async () => {
    const user = await newUser();
    const before = await signToken({ sub: user.id, iat: Math.floor(Date.now() / 1000) - 60 });
    const res = await api("/v1/me", { method: "DELETE", token: user.token });
    expect(res.status).toBe(202);
    const { erasureId } = (await res.json()) as { erasureId: string };
    await expectProblem(await api("/v1/notifications", { token: before }), 401);
    await expectProblem(await api("/v1/notifications", { token: user.token }), 401);
    // a second DELETE with the old token cannot start another erasure
    await expectProblem(await api("/v1/me", { method: "DELETE", token: user.token }), 401);
    await completed(erasureId);
    const later = await signToken({ sub: user.id, iat: Math.floor(Date.now() / 1000) + 2 });
    expect((await api("/v1/notifications", { token: later })).status).toBe(200);
  });

  it("answers 404 for an unknown receipt and 400 for a malformed id, without a token", async () => {
    await expectProblem(await api(`/v1/erasures/er_${crypto.randomUUID()}`), 404);
    await expectProblem(await api("/v1/erasures/nope"), 400);
  });
});

describe("DELETE /v1/me after one of every kind of record", () => {
  it("leaves no row, key, object or vector that mentions the person", async () => {
    const [a, b, admin] = [await newUser(), await newUser(), await newUser("admin")];
    const seeded = await seedEverything(a, b, admin);
    await settle(a, seeded);
    await appEnv.BLOBS.put(`users/${a.id}/reports/ar-${a.id}.json`, JSON.stringify({ owner: a.id }));
    const { results } = await appEnv.DB.prepare(`SELECT id FROM coach_sessions WHERE user_id = ?`)
      .bind(a.id)
      .all<{ id: string }>();
    const sessions = results.map((r) => r.id);
    expect(sessions).toHaveLength(1);
    expect((await traces(a.id, sessions, [seeded.jobId])).length).toBeGreaterThan(20);

    const receipt = await erase(a.token);
    expect(receipt.stores["d1.user_entitlements"]).toBe(1);
    expect(receipt.stores["d1.usage_counters"]).toBe(1);
    expect(receipt.stores["d1.analytics_reports"]).toBe(1);
    expect(receipt.stores["keys.location"]).toBe(1);
    expect(await traces(a.id, sessions, [seeded.jobId])).toEqual([]);
    // B's own post and follows survive; B's follow of A is gone with A
    const mine = await ok(b, "/v1/feed");
    expect(JSON.stringify(mine)).not.toContain(a.id);
  });
});
