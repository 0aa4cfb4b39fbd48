import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../workers/index";
import type { ReportDocument } from "../../schemas/analytics-reports";
import { DEV_SHARE_LINK_SECRET } from "../../schemas/config";
import type { Job } from "../../schemas/interview";
import { signShareToken } from "../../workers/domain/share-token";
import { upsertUser } from "../../workers/ports/db/users";
import { api, BASE, expectProblem, newUser, signToken } from "../helpers/api";
import { dayFromToday, putDays, setTier, type DayRow } from "../helpers/lifelog-rows";

type Result = { reportId: string; type: string; url: string; expiresAt: string; summary: string };
type Item = {
  id: string;
  type: string;
  status: string;
  createdAt: string;
  url: string | null;
  expiresAt: string | null;
};

/** A Pro user in `locale` with 12 weeks of exercise (45 min on weekdays) and some work. */
async function proUser(locale: "en" | "ko" = "en", days = 84) {
  const user = await newUser();
  await upsertUser(env, { id: user.id, locale });
  await setTier(user.id, "pro");
  const rows: DayRow[] = Array.from({ length: days }, (_, i) => {
    const day = dayFromToday(-i);
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    return { day, minutes: { exercise: weekday >= 1 && weekday <= 5 ? 45 : 0, work: 300 }, exercise: true };
  });
  if (rows.length > 0) await putDays(user.id, rows);
  return user;
}

const start = (token: string, body: unknown) => api("/v1/reports/analytics", { method: "POST", token, json: body });
const job = async (token: string, id: string) => (await (await api(`/v1/jobs/${id}`, { token })).json()) as Job;

/** Starts a report and follows its job to the end (polling GET /v1/jobs/{id}: no timing is asserted). */
async function written(token: string, body: unknown): Promise<Result> {
  const res = await start(token, body);
  expect(res.status).toBe(202);
  const { jobId } = (await res.json()) as { jobId: string };
  await expect.poll(async () => (await job(token, jobId)).status, { timeout: 15_000, interval: 50 }).toBe("succeeded");
  const done = await job(token, jobId);
  expect(done).toMatchObject({ id: jobId, kind: "analytics-report", progress: 100 });
  return done.result as unknown as Result;
}

const tokenOf = (url: string) => url.replace(/^\/v1\/shared\//, "");

describe("POST /v1/reports/analytics", () => {
  it("is Pro only: Free gets 402 analytics_reports and nothing is written", async () => {
    const { id, token } = await newUser();
    const problem = (await expectProblem(await start(token, { type: "monthly" }), 402)) as unknown as {
      upgrade: boolean;
      limit: string;
    };
    expect(problem).toMatchObject({ upgrade: true, limit: "analytics_reports" });
    const rows = await env.DB.prepare(`SELECT count(*) AS n FROM analytics_reports WHERE user_id = ?`)
      .bind(id)
      .first<{ n: number }>();
    expect(rows?.n).toBe(0);
  });

  it.each([
    ["an unknown type", { type: "weekly" }],
    ["an unknown category", { type: "goal_forecast", category: "nap" }],
    ["an extra field", { type: "monthly", userId: "someone-else" }],
  ])("answers 400 for %s", async (_, body) => {
    const user = await newUser();
    await setTier(user.id, "pro");
    await expectProblem(await start(user.token, body), 400);
  });

  it("writes a goal forecast through a job, stored in R2 and opened by its signed link without a token", async () => {
    const user = await proUser();
    const result = await written(user.token, { type: "goal_forecast", category: "exercise" });
    expect(result).toMatchObject({ type: "goal_forecast", url: expect.stringMatching(/^\/v1\/shared\//) });
    expect(Date.parse(result.expiresAt) - Date.now()).toBeGreaterThan(6 * 86_400_000);
    expect(result.summary).toMatch(/exercise/);
    const html = await api(result.url);
    expect(html.status).toBe(200);
    expect(html.headers.get("Content-Type")).toMatch(/^text\/html/);
    expect(html.headers.get("Cache-Control")).toContain("no-store");
    const page = await html.text();
    expect(page).toContain('<html lang="en">');
    expect(page).toContain("Goal forecast: Exercise");
    expect(page).toMatch(/95% band/);
    expect(page).not.toMatch(/<script/i);
    const doc = (await (await api(`${result.url}?format=json`)).json()) as ReportDocument;
    expect(doc).toMatchObject({
      format: "edge-coach-report/1",
      id: result.reportId,
      type: "goal_forecast",
      locale: "en",
    });
    const data = doc.data as { category: string; projection: { minutes: number }[]; confidence: string };
    expect(data.category).toBe("exercise");
    expect(data.projection).toHaveLength(4);
    // five weekdays of 45 minutes a week
    expect(data.projection[0]!.minutes).toBeCloseTo(225, -1);
    const byAccept = await api(result.url, { headers: { Accept: "application/json" } });
    expect(byAccept.headers.get("Content-Type")).toMatch(/^application\/json/);
    const keys = [
      `users/${user.id}/reports/${result.reportId}.json`,
      `users/${user.id}/reports/${result.reportId}.html`,
    ];
    for (const key of keys) expect(await env.BLOBS.head(key)).not.toBeNull();
    const row = await env.DB.prepare(`SELECT object_key, completed_at FROM analytics_reports WHERE id = ?`)
      .bind(result.reportId)
      .first<{ object_key: string; completed_at: number }>();
    expect(row).toMatchObject({ object_key: keys[0], completed_at: expect.any(Number) });
  });

  it("writes a monthly report; its job's stream ends with done and a late cancel changes nothing", async () => {
    const user = await proUser();
    const result = await written(user.token, { type: "monthly" });
    const doc = (await (await api(`${result.url}?format=json`)).json()) as ReportDocument;
    expect(doc.title).toMatch(/^Monthly report/);
    expect(doc.data).toMatchObject({
      current: { daysLogged: 30 },
      previous: { daysLogged: 30 },
      streaks: { longest: 30 },
    });
    const stream = await api(`/v1/jobs/${result.reportId}/stream`, { token: user.token });
    expect(await stream.text()).toMatch(/event: done/);
    // cancelling a finished report changes nothing
    const cancel = await api(`/v1/jobs/${result.reportId}/cancel`, { method: "POST", token: user.token });
    expect(await cancel.json()).toMatchObject({ status: "succeeded", result: { reportId: result.reportId } });
  });

  it("writes in Korean for a Korean user", async () => {
    const user = await proUser("ko");
    const result = await written(user.token, { type: "goal_forecast" });
    const page = await (await api(result.url)).text();
    expect(page).toContain('<html lang="ko">');
    expect(page).toContain("목표 예측: 업무"); // the busiest category when none is named
    expect(result.summary).toMatch(/신뢰도/);
  });

  it("answers a forecast with no data at all with low confidence, never a failure", async () => {
    const user = await proUser("en", 0);
    const result = await written(user.token, { type: "goal_forecast", category: "study" });
    const doc = (await (await api(`${result.url}?format=json`)).json()) as ReportDocument;
    expect(doc.data).toMatchObject({ confidence: "low", weeksWithData: 0 });
  });

  it("keeps the job and the report from anyone else", async () => {
    const user = await proUser("en", 7);
    const result = await written(user.token, { type: "monthly" });
    const stranger = await newUser();
    await expectProblem(await api(`/v1/jobs/${result.reportId}`, { token: stranger.token }), 404);
    const theirs = (await (await api("/v1/reports/analytics", { token: stranger.token })).json()) as { items: Item[] };
    expect(theirs.items).toEqual([]);
  });
});

describe("GET /v1/shared/{token}", () => {
  it("refuses a link with any changed character, and an expired one, with 403", async () => {
    const user = await proUser("en", 14);
    const result = await written(user.token, { type: "monthly" });
    const token = tokenOf(result.url);
    for (const i of [0, 5, token.indexOf(".") - 1, token.indexOf(".") + 1, token.length - 2]) {
      const changed = token.slice(0, i) + (token[i] === "A" ? "B" : "A") + token.slice(i + 1);
      await expectProblem(await api(`/v1/shared/${changed}`), 403);
    }
    const expired = await signShareToken(DEV_SHARE_LINK_SECRET, {
      r: result.reportId,
      e: Math.floor(Date.now() / 1000) - 60,
    });
    const problem = await expectProblem(await api(`/v1/shared/${expired}`), 403);
    expect(problem.detail).toMatch(/expired/);
    await expectProblem(await api("/v1/shared/not-a-token"), 400);
  });

  it("answers 404 once the report's objects are erased", async () => {
    const user = await proUser("en", 7);
    const result = await written(user.token, { type: "monthly" });
    await env.BLOBS.delete([
      `users/${user.id}/reports/${result.reportId}.json`,
      `users/${user.id}/reports/${result.reportId}.html`,
    ]);
    await expectProblem(await api(result.url), 404);
    await expectProblem(await api(`${result.url}?format=json`), 404);
  });
});

describe("GET /v1/reports/analytics", () => {
  it("lists the caller's reports newest first with fresh links, a page at a time", async () => {
    const user = await proUser("en", 14);
    const first = await written(user.token, { type: "monthly" });
    const second = await written(user.token, { type: "goal_forecast", category: "work" });
    const page1 = (await (await api("/v1/reports/analytics?limit=1", { token: user.token })).json()) as {
      items: Item[];
      nextCursor: string | null;
    };
    expect(page1.items).toMatchObject([{ id: second.reportId, type: "goal_forecast", status: "succeeded" }]);
    expect(page1.items[0]!.url).toMatch(/^\/v1\/shared\//);
    expect((await api(page1.items[0]!.url!)).status).toBe(200);
    const page2 = (await (
      await api(`/v1/reports/analytics?limit=1&cursor=${page1.nextCursor}`, { token: user.token })
    ).json()) as { items: Item[]; nextCursor: string | null };
    expect(page2.items.map((i) => i.id)).toEqual([first.reportId]);
    expect(page2.nextCursor).toBeNull();
    await expectProblem(await api("/v1/reports/analytics?cursor=garbage", { token: user.token }), 400);
  });

  it("needs a token", async () => {
    await expectProblem(await api("/v1/reports/analytics"), 401);
    await expectProblem(await start("", { type: "monthly" }), 401);
  });
});

describe("shared links in production", () => {
  const JWT = "a-production-secret-that-is-only-in-this-test";
  /** The bindings as a production deploy has them, with `overrides` (production.test.ts does the same). */
  const production = (overrides: Record<string, string> = {}) => {
    const { ENVIRONMENT: _e, JWT_SECRET: _j, JWKS_URL: _k, ...rest } = env as unknown as Record<string, unknown>;
    return { ...rest, ENVIRONMENT: "production", JWT_SECRET: JWT, ...overrides } as unknown as typeof env;
  };
  const call = (target: typeof env, path: string, init: { method?: string; token?: string; body?: unknown } = {}) => {
    const headers = new Headers({ "CF-Connecting-IP": "203.0.113.77", "Content-Type": "application/json" });
    if (init.token) headers.set("Authorization", `Bearer ${init.token}`);
    const body = init.body === undefined ? undefined : JSON.stringify(init.body);
    return worker.fetch(
      new Request(BASE + path, { method: init.method, headers, body }),
      target,
      createExecutionContext(),
    );
  };

  it("fail closed without a key of their own: creating and opening links answer 503", async () => {
    const id = `prod-${crypto.randomUUID()}`;
    await setTier(id, "pro");
    const token = await signToken({ sub: id }, JWT);
    const link = await signShareToken(DEV_SHARE_LINK_SECRET, { r: "r1", e: Math.floor(Date.now() / 1000) + 60 });
    for (const target of [production(), production({ SHARE_LINK_SECRET: DEV_SHARE_LINK_SECRET })]) {
      await expectProblem(await call(target, `/v1/shared/${link}`), 503);
      await expectProblem(
        await call(target, "/v1/reports/analytics", { method: "POST", token, body: { type: "monthly" } }),
        503,
      );
    }
    const own = production({ SHARE_LINK_SECRET: "a-production-share-link-key-of-its-own-0123" });
    await expectProblem(await call(own, `/v1/shared/${link}`), 403); // signed with the development key
  });
});
