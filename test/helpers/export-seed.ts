import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { vi } from "vitest";
import { api, uniqueId } from "./api";
import { traceId } from "./catalogue";
import { activity, daysAgo, lifelogOf, postActivity, timelineOf } from "./lifelog";
import { setTier } from "./lifelog-rows";

type User = { id: string; token: string };
type Json = Record<string, unknown>;

/**
 * Rows other helpers' features write (billing, usage metering, analytics reports), written straight to
 * D1 so the export test does not depend on those routes: tests may set up through env.DB.
 */
export async function putAccountRows(userId: string, now = Date.now()): Promise<void> {
  await env.DB.batch([
    env.DB.prepare(
      `INSERT OR REPLACE INTO user_entitlements (user_id, tier, status, stripe_customer_id, renews_at, state_at, updated_at)
       VALUES (?, 'pro', 'active', ?, ?, ?, ?)`,
    ).bind(userId, `cus_${userId}`, now + 30 * 86_400_000, Math.floor(now / 1000), now),
    env.DB.prepare(`INSERT OR REPLACE INTO usage_counters (user_id, name, window, count) VALUES (?, ?, ?, 3)`).bind(
      userId,
      "label_comparisons",
      new Date(now).toISOString().slice(0, 10),
    ),
    env.DB.prepare(
      `INSERT INTO analytics_reports (id, user_id, type, input, object_key, created_at, completed_at)
       VALUES (?, ?, 'monthly', '{}', ?, ?, ?)`,
    ).bind(`ar-${userId}`, userId, `users/${userId}/reports/ar-${userId}.json`, now, now),
  ]);
}

/** Calls the API and throws with the answer unless it is 2xx; returns the JSON body. */
export async function ok(user: User, path: string, init: { method?: string; json?: unknown } = {}): Promise<Json> {
  const res = await api(path, {
    method: init.method ?? (init.json === undefined ? "GET" : "POST"),
    token: user.token,
    ...init,
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${init.method ?? "GET"} ${path} answered ${res.status}: ${text}`);
  return text ? (JSON.parse(text) as Json) : {};
}

const count = async (sql: string, ...binds: unknown[]) =>
  (await env.DB.prepare(sql)
    .bind(...binds)
    .first<{ n: number }>())!.n;

/** Waits until a queue consumer or an actor's alarm has written what `sql` counts. */
export const eventually = (sql: string, ...binds: unknown[]) =>
  vi.waitFor(
    async () => {
      if ((await count(sql, ...binds)) === 0) throw new Error(`still nothing for ${sql}`);
    },
    { timeout: 20_000, interval: 100 },
  );

export type Seeded = { postBody: string; place: string; itemId: string; email: string; jobId: string };

/**
 * One of every kind of record for `a`, through the real API wherever a route exists: `b` writes what
 * only someone else can (a post to comment and react on, a follow of `a`), `admin` the catalogue item and
 * its price drop. About 25 requests for `a`, under the test rate limit of 40 a minute.
 */
export async function seedEverything(a: User, b: User, admin: User): Promise<Seeded> {
  const postBody = `오늘의 기록: "첫 5km"\n줄바꿈과 따옴표 ' " \\ 그리고 ${uniqueId("mark")}`;
  const place = "도서관 3층";
  const email = `${uniqueId("kim")}@mail.snu.ac.kr`;
  await setTier(a.id, "pro");
  await putAccountRows(a.id);
  await ok(a, "/v1/me/profile", { method: "PATCH", json: { displayName: "김하늘", locale: "ko" } });
  await ok(a, "/v1/me/privacy", { method: "PUT", json: { visibility: "stats_only" } });
  const device = await ok(a, "/v1/devices", {
    json: { name: "내 휴대폰", platform: "ios", sources: ["location", "health"] },
  });

  const community = await ok(a, "/v1/communities", { json: { title: "달리기 모임" } });
  const now = Date.now();
  await ok(a, `/v1/communities/${community.id}/challenges`, {
    json: {
      title: "운동한 날",
      metric: { kind: "exercise_days" },
      target: 3,
      startAt: new Date(now - 3 * 86_400_000).toISOString(),
      endAt: new Date(now + 7 * 86_400_000).toISOString(),
    },
  });

  const yesterday = daysAgo(1);
  await postActivity(a.token, [
    activity("location", `${yesterday}T09:00:00Z`, 60, { place, geofenceId: "gf-lib" }, { deviceId: device.id }),
    activity("health", `${yesterday}T18:00:00Z`, 30, { kind: "workout", value: 30 }),
    activity("location", `${daysAgo(40)}T10:00:00Z`, 120, { place }),
  ]);
  const entry = (await timelineOf(a.token, yesterday)).body.entries[0]!;
  await ok(a, `/v1/timeline/${entry.id}/feedback`, { json: { category: "study", note: "시험 공부" } });
  await runDurableObjectAlarm(lifelogOf(a.id));

  await ok(a, "/v1/labels/affiliation", { method: "PUT", json: { value: "서울대학교", domain: "snu.ac.kr" } });
  await ok(a, "/v1/labels/affiliation/verify", { json: { email } });
  await ok(a, `/v1/follows/labels/affiliation/${encodeURIComponent("서울대학교")}`, { method: "POST" });

  await ok(a, "/v1/posts", { json: { body: postBody, visibility: "public" } });
  const theirs = await ok(b, "/v1/posts", { json: { body: "B의 글", visibility: "public" } });
  await ok(a, `/v1/posts/${theirs.id}/comments`, { json: { body: "멋져요! 👏" } });
  await ok(a, `/v1/posts/${theirs.id}/reactions`, { json: { type: "cheer" } });
  await ok(a, `/v1/follows/${b.id}`, { method: "POST" });
  await ok(b, `/v1/follows/${a.id}`, { method: "POST" });

  await ok(a, "/v1/retrospects", {
    json: { purpose: "이번 주 돌아보기", content: "매일 달렸다. 다음 주에는 더 일찍 자겠다." },
  });
  await ok(a, "/v1/reports", { json: { period: "week" } });
  const session = await ok(a, "/v1/coach/sessions", { json: {} });
  await ok(a, `/v1/coach/sessions/${session.id}/messages`, { json: { content: "팀 회의를 어떻게 이끌까요?" } });
  await ok(a, "/v1/coach/interpretation", { json: { leadershipType: "democratic", locale: "ko" } });
  const resume = await ok(a, "/v1/resumes", {
    json: { title: "백엔드 개발자", content: "Go와 Kubernetes로 6년 동안 서비스를 만들었습니다.", skills: ["Go"] },
  });
  const job = await ok(a, `/v1/resumes/${resume.id}/interview-questions`, { json: {} });

  const itemId = uniqueId("sku");
  await ok(admin, `/v1/items/${itemId}`, {
    method: "PUT",
    json: { title: "러닝화", category: "shoes", description: "가벼운 러닝화", price: 100, stock: 5 },
  });
  await ok(a, "/v1/events", {
    json: {
      events: [
        { traceId: traceId(), type: "view", itemId },
        { traceId: traceId(), type: "purchase", itemId },
      ],
    },
  });
  await eventually(`SELECT count(*) AS n FROM item_interest WHERE item_id = ? AND user_id = ?`, itemId, a.id);
  await ok(admin, "/v1/inventory", { json: { itemId, price: 70 } });
  return { postBody, place, itemId, email, jobId: String(job.jobId) };
}

/** Waits for what queues and alarms write after `seedEverything` (feedback, archives, summaries, logs). */
export async function settle(a: User, seeded: Seeded): Promise<void> {
  for (const [table, column] of [
    ["activity_events", "user_id"],
    ["activity_days", "user_id"],
    ["timeline_days", "user_id"],
    ["challenge_progress", "user_id"],
    ["item_events", "user_id"],
    ["request_logs", "user_id"],
  ] as const)
    await eventually(`SELECT count(*) AS n FROM ${table} WHERE ${column} = ?`, a.id);
  await eventually(`SELECT count(*) AS n FROM retrospects WHERE user_id = ? AND feedback_status <> 'pending'`, a.id);
  // a finished job's actor schedules no more alarms after the test
  const job = env.JOB.get(env.JOB.idFromName(seeded.jobId));
  await vi.waitFor(
    async () => {
      if ((await job.status(a.id))?.status !== "succeeded") throw new Error("job still running");
    },
    { timeout: 20_000, interval: 100 },
  );
  const inbox = env.USER_ACTOR.get(env.USER_ACTOR.idFromName(a.id));
  await vi.waitFor(
    async () => {
      const page = (await inbox.notifications({ limit: 5 })) as { items: unknown[] };
      if (page.items.length === 0) throw new Error("no notification yet");
    },
    { timeout: 20_000, interval: 100 },
  );
}
