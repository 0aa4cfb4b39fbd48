import {
  createExecutionContext,
  createMessageBatch,
  createScheduledController,
  getQueueResult,
  runDurableObjectAlarm,
} from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { CATEGORIES, type Category } from "../../schemas/lifelog";
import worker from "../../workers/index";
import { standings, unmarkReached } from "../../workers/ports/db/challenges";
import { ENDED_PER_RUN } from "../../workers/services/social/challenges";
import { api, expectProblem, newUser, uniqueId } from "../helpers/api";
import { activity, lifelogOf, postActivity } from "../helpers/lifelog";
import { dayFromToday, putVisibility, setTier } from "../helpers/lifelog-rows";

type User = { id: string; token: string };
type Entry = { rank: number; userId: string; value: number; reached: boolean; reachedAt: string | null };
type Notification = { kind: string; title: string; body: string; data: Record<string, unknown> };

const DAY = 86_400_000;
const post = (user: User, path: string, json?: unknown) =>
  api(path, { method: "POST", token: user.token, ...(json === undefined ? {} : { json }) });

async function community(owner: User, members: User[], body: Record<string, unknown> = {}): Promise<string> {
  const res = await post(owner, "/v1/communities", { title: "챌린지 커뮤니티", ...body });
  expect(res.status).toBe(201);
  const { id } = (await res.json()) as { id: string };
  for (const m of members) expect((await post(m, `/v1/communities/${id}/join`)).status).toBe(200);
  return id;
}

const window = (fromDays = -3, toDays = 7) => ({
  startAt: new Date(Date.now() + fromDays * DAY).toISOString(),
  endAt: new Date(Date.now() + toDays * DAY).toISOString(),
});

async function challenge(owner: User, communityId: string, body: Record<string, unknown>): Promise<string> {
  const res = await post(owner, `/v1/communities/${communityId}/challenges`, {
    title: "주 3회 운동",
    metric: { kind: "exercise_days" },
    target: 3,
    ...window(),
    ...body,
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

async function board(user: User, communityId: string, challengeId: string, query = ""): Promise<Entry[]> {
  const res = await api(`/v1/communities/${communityId}/challenges/${challengeId}/leaderboard${query}`, {
    token: user.token,
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return ((await res.json()) as { items: Entry[] }).items;
}

async function notifications(user: User): Promise<Notification[]> {
  const res = await api("/v1/notifications?limit=100", { token: user.token });
  return ((await res.json()) as { items: Notification[] }).items.filter((n) => n.kind === "challenge");
}

/** A day summary as the life-log actor sends it (`timeline.day`). */
function summary(day: string, over: { exercise?: boolean; minutes?: Partial<Record<Category, number>>; at: number }) {
  const minutes = Object.fromEntries(CATEGORIES.map((c) => [c, over.minutes?.[c] ?? 0]));
  return {
    day,
    tz: "UTC",
    minutes,
    hours: new Array(24 * CATEGORIES.length).fill(0),
    exercise: over.exercise ?? (over.minutes?.exercise ?? 0) > 0,
    at: over.at,
  };
}

/** Delivers `timeline.day` messages to the tasks consumer as one batch, as Queues would. */
async function deliver(userId: string, summaries: ReturnType<typeof summary>[]) {
  const batch = createMessageBatch(
    "edge-coach-tasks",
    summaries.map((s, i) => ({
      id: `${uniqueId("msg")}-${i}`,
      timestamp: new Date(),
      attempts: 1,
      body: { v: 2, kind: "timeline.day", userId, summary: s },
    })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, env, ctx);
  const result = await getQueueResult(batch, ctx);
  expect(result.explicitAcks).toHaveLength(summaries.length);
}

const progress = (challengeId: string, userId: string) =>
  env.DB.prepare(`SELECT value, days, reached_at FROM challenge_progress WHERE challenge_id = ? AND user_id = ?`)
    .bind(challengeId, userId)
    .first<{ value: number; days: string; reached_at: number | null }>();

describe("creating challenges", () => {
  it("lets owners and moderators create one, with a Korean title, and refuses members", async () => {
    const [owner, member] = [await newUser(), await newUser()];
    const id = await community(owner, [member]);
    const challengeId = await challenge(owner, id, {
      title: "매일 밤 11시 전에 자기",
      metric: { kind: "sleep_before", time: "23:00" },
    });
    await expectProblem(
      await post(member, `/v1/communities/${id}/challenges`, {
        title: "x",
        metric: { kind: "exercise_days" },
        target: 1,
        ...window(),
      }),
      403,
    );
    const list = (await (await api(`/v1/communities/${id}/challenges`, { token: member.token })).json()) as {
      items: { id: string; title: string; status: string; myProgress: unknown }[];
    };
    expect(list.items).toEqual([
      expect.objectContaining({
        id: challengeId,
        title: "매일 밤 11시 전에 자기",
        status: "running",
        myProgress: { value: 0, reachedAt: null },
      }),
    ]);
  });

  it("refuses bad input with 400, a window already over with 422, and writes nothing", async () => {
    const owner = await newUser();
    const id = await community(owner, []);
    const good = { title: "좋은 도전", metric: { kind: "exercise_days" }, target: 3, ...window() };
    for (const bad of [
      { ...good, metric: { kind: "steps" } },
      { ...good, metric: { kind: "sleep_before", time: "25:00" } },
      { ...good, metric: { kind: "category_minutes_per_week", category: "napping" } },
      { ...good, target: -1 },
      { ...good, title: "" },
      { ...good, startAt: good.endAt, endAt: good.startAt },
      { ...good, startAt: "yesterday" },
    ])
      await expectProblem(await post(owner, `/v1/communities/${id}/challenges`, bad), 400);
    await expectProblem(await post(owner, `/v1/communities/${id}/challenges`, { ...good, ...window(-10, -1) }), 422);
    const row = await env.DB.prepare(`SELECT count(*) AS n FROM challenges WHERE community_id = ?`)
      .bind(id)
      .first<{ n: number }>();
    expect(row!.n).toBe(0);
  });
});

describe("progress from the timeline", () => {
  it("moves with the members' timelines through the life-log's own queue, and orders the leaderboard", async () => {
    const [owner, a, b] = [await newUser(), await newUser(), await newUser()];
    const id = await community(owner, [a, b]);
    const days = await challenge(owner, id, { title: "운동한 날", target: 2 });
    const minutes = await challenge(owner, id, {
      title: "주간 운동 시간",
      metric: { kind: "category_minutes_per_week", category: "exercise" },
      target: 1_000,
    });
    const at = (offset: number, hhmm: string) => `${dayFromToday(offset)}T${hhmm}:00Z`;
    await postActivity(a.token, [
      activity("health", at(-1, "07:00"), 30, { kind: "workout", value: 30 }),
      activity("health", at(0, "07:00"), 40, { kind: "workout", value: 40 }),
    ]);
    await postActivity(b.token, [activity("health", at(0, "18:00"), 90, { kind: "workout", value: 90 })]);
    for (const u of [a, b]) expect(await runDurableObjectAlarm(lifelogOf(u.id))).toBe(true);
    await vi.waitFor(
      async () => {
        expect((await progress(days, a.id))?.value).toBe(2);
        expect((await progress(days, b.id))?.value).toBe(1);
      },
      { timeout: 15_000, interval: 100 },
    );
    expect(await board(owner, id, days)).toMatchObject([
      { rank: 1, userId: a.id, value: 2, reached: true },
      { rank: 2, userId: b.id, value: 1, reached: false, reachedAt: null },
    ]);
    await vi.waitFor(async () => expect((await progress(minutes, a.id))?.value).toBe(70), { timeout: 15_000 });
    const weekly = await board(b, id, minutes);
    expect(weekly.map((e) => [e.userId, e.value])).toEqual([
      [b.id, 90],
      [a.id, 70],
    ]);
  });

  it("never counts a replayed or late summary twice, and a newer summary of a day replaces it", async () => {
    const [owner, member] = [await newUser(), await newUser()];
    const id = await community(owner, [member]);
    const challengeId = await challenge(owner, id, { target: 10 });
    const [d1, d2] = [dayFromToday(-1), dayFromToday(0)];
    await deliver(member.id, [summary(d1, { exercise: true, at: 1_000 })]);
    await deliver(member.id, [summary(d1, { exercise: true, at: 1_000 }), summary(d1, { exercise: true, at: 1_000 })]);
    expect((await progress(challengeId, member.id))!.value).toBe(1);
    await deliver(member.id, [summary(d1, { exercise: false, at: 3_000 })]);
    expect((await progress(challengeId, member.id))!.value).toBe(0);
    await deliver(member.id, [summary(d1, { exercise: true, at: 2_000 })]);
    expect((await progress(challengeId, member.id))!.value).toBe(0);
    await deliver(member.id, [summary(d2, { exercise: true, at: 4_000 })]);
    const row = await progress(challengeId, member.id);
    expect(row!.value).toBe(1);
    expect(JSON.parse(row!.days)).toEqual({ [d1]: { v: 0, at: 3_000 }, [d2]: { v: 1, at: 4_000 } });
  });

  it("ignores days outside the window and people who are not members", async () => {
    const [owner, member, outsider] = [await newUser(), await newUser(), await newUser()];
    const id = await community(owner, [member]);
    const challengeId = await challenge(owner, id, { ...window(-1, 7) });
    await deliver(member.id, [summary(dayFromToday(-5), { exercise: true, at: 1 })]);
    await deliver(outsider.id, [summary(dayFromToday(0), { exercise: true, at: 1 })]);
    expect(await progress(challengeId, member.id)).toBeNull();
    expect(await progress(challengeId, outsider.id)).toBeNull();
  });

  it("notifies a member once, in Korean, when they first reach the target", async () => {
    const [owner, member] = [await newUser(), await newUser()];
    expect((await api("/v1/me/profile", { method: "PATCH", token: member.token, json: { locale: "ko" } })).status).toBe(
      200,
    );
    const id = await community(owner, [member]);
    const challengeId = await challenge(owner, id, { title: "이틀 운동", target: 2 });
    await deliver(member.id, [summary(dayFromToday(-1), { exercise: true, at: 10 })]);
    expect(await notifications(member)).toEqual([]);
    await deliver(member.id, [summary(dayFromToday(0), { exercise: true, at: 20 })]);
    await deliver(member.id, [summary(dayFromToday(0), { exercise: true, at: 20 })]);
    await deliver(member.id, [summary(dayFromToday(-2), { exercise: true, at: 30 })]);
    const sent = await notifications(member);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      title: "도전 목표 달성: 이틀 운동",
      data: { challengeId, communityId: id, event: "reached" },
    });
    expect(sent[0]!.body).toContain("도달했어요");
    expect((await progress(challengeId, member.id))!.reached_at).not.toBeNull();
  });
  it("notifies on the redelivery when the first notice could not be sent", async () => {
    const [owner, member] = [await newUser(), await newUser()];
    const id = await community(owner, [member]);
    const challengeId = await challenge(owner, id, { title: "재시도", target: 1 });
    const message = summary(dayFromToday(0), { exercise: true, at: 5 });
    await deliver(member.id, [message]);
    const reachedAt = (await progress(challengeId, member.id))!.reached_at!;
    // what onDaySummary does when the actor refuses the notice, before the message is retried
    await unmarkReached(env, challengeId, member.id, reachedAt);
    await deliver(member.id, [message]);
    expect(await notifications(member)).toHaveLength(2);
    const row = await progress(challengeId, member.id);
    expect(row!.value).toBe(1);
    expect(row!.reached_at).not.toBeNull();
    await deliver(member.id, [message]);
    expect(await notifications(member)).toHaveLength(2);
  });
});

describe("leaderboards", () => {
  it("order by value, then who reached the target first, then user id, across pages", async () => {
    const owner = await newUser();
    const members = [await newUser(), await newUser(), await newUser(), await newUser()];
    const id = await community(owner, members);
    const challengeId = await challenge(owner, id, { target: 1 });
    const [m0, m1, m2, m3] = members as [User, User, User, User];
    await deliver(m2.id, [summary(dayFromToday(-1), { exercise: true, at: 1 })]);
    // m2 reaches the target a millisecond or more before m1 does
    const reachedFirst = Date.now();
    await vi.waitFor(() => expect(Date.now()).toBeGreaterThan(reachedFirst));
    await deliver(m1.id, [summary(dayFromToday(-1), { exercise: true, at: 1 })]);
    await deliver(m0.id, [
      summary(dayFromToday(-1), { exercise: true, at: 1 }),
      summary(dayFromToday(0), { exercise: true, at: 1 }),
    ]);
    await deliver(m3.id, [summary(dayFromToday(0), { exercise: false, at: 1 })]);
    const pages: Entry[] = [];
    let cursor: string | null = null;
    do {
      const res = await api(
        `/v1/communities/${id}/challenges/${challengeId}/leaderboard?limit=1${cursor ? `&cursor=${cursor}` : ""}`,
        { token: owner.token },
      );
      const page = (await res.json()) as { items: Entry[]; nextCursor: string | null };
      pages.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages.map((e) => [e.rank, e.userId, e.value, e.reached])).toEqual([
      [1, m0.id, 2, true],
      [2, m2.id, 1, true],
      [3, m1.id, 1, true],
      [4, m3.id, 0, false],
    ]);
    await expectProblem(
      await api(`/v1/communities/${id}/challenges/${challengeId}/leaderboard?cursor=bad`, { token: owner.token }),
      400,
    );
    await expectProblem(await api(`/v1/communities/${id}/challenges/nope/leaderboard`, { token: owner.token }), 404);
  });

  it("leave a member with a private life-log off everyone's leaderboard but their own", async () => {
    const [owner, open, hidden] = [await newUser(), await newUser(), await newUser()];
    const id = await community(owner, [open, hidden]);
    const challengeId = await challenge(owner, id, { target: 5 });
    await deliver(hidden.id, [summary(dayFromToday(0), { exercise: true, at: 1 })]);
    await deliver(open.id, [summary(dayFromToday(0), { exercise: false, at: 1 })]);
    await putVisibility(hidden.id, "private");
    expect((await board(owner, id, challengeId)).map((e) => e.userId)).toEqual([open.id]);
    expect((await board(hidden, id, challengeId)).map((e) => [e.rank, e.userId])).toEqual([
      [1, hidden.id],
      [2, open.id],
    ]);
  });

  it("need Pro in a Pro-only community, in the route and in the query, for a downgraded member too", async () => {
    const [pro, member] = [await newUser(), await newUser()];
    await setTier(pro.id, "pro");
    await setTier(member.id, "pro");
    const id = await community(pro, [member], { proOnly: true });
    const challengeId = await challenge(pro, id, { target: 1 });
    await deliver(member.id, [summary(dayFromToday(0), { exercise: true, at: 1 })]);
    expect(await board(member, id, challengeId)).toHaveLength(1);
    await setTier(member.id, "free");
    const problem = await expectProblem(
      await api(`/v1/communities/${id}/challenges/${challengeId}/leaderboard`, { token: member.token }),
      402,
    );
    expect(problem).toMatchObject({ upgrade: true, limit: "pro_communities" });
    const read = (viewerId: string) => standings(env, { challengeId, communityId: id, viewerId, limit: 10 });
    expect(await read(member.id)).toEqual([]);
    expect(await read(pro.id)).toHaveLength(1);
  });
});

describe("the end of a challenge", () => {
  it("sends each member their final rank once, from the 15-minute cron", async () => {
    const [owner, first, second] = [await newUser(), await newUser(), await newUser()];
    const id = await community(owner, [first, second]);
    const challengeId = await challenge(owner, id, { title: "연말 운동", target: 9 });
    expect((await api("/v1/me/profile", { method: "PATCH", token: second.token, json: { locale: "ko" } })).status).toBe(
      200,
    );
    await deliver(first.id, [summary(dayFromToday(0), { exercise: true, at: 1 })]);
    await deliver(second.id, [summary(dayFromToday(0), { exercise: false, at: 1 })]);
    // the window closes: moved to the earliest end there is, so this run's bounded pass takes it first
    await env.DB.prepare(`UPDATE challenges SET start_at = 0, end_at = 1 WHERE id = ?`).bind(challengeId).run();
    const run = async () => {
      const ctx = createExecutionContext();
      await worker.scheduled(createScheduledController({ cron: "*/15 * * * *", scheduledTime: Date.now() }), env, ctx);
    };
    await run();
    await run();
    const [a, b] = [await notifications(first), await notifications(second)];
    expect(a).toHaveLength(1);
    expect(a[0]).toMatchObject({ title: "Challenge ended: 연말 운동", data: { challengeId, event: "ended", rank: 1 } });
    expect(b).toHaveLength(1);
    expect(b[0]).toMatchObject({ title: "도전 종료: 연말 운동", data: { rank: 2 } });
    expect(b[0]!.body).toContain("2명 중 2위");
    expect(await notifications(owner)).toEqual([]);
    const row = await env.DB.prepare(`SELECT ended_notified_at FROM challenges WHERE id = ?`)
      .bind(challengeId)
      .first<{ ended_notified_at: number | null }>();
    expect(row!.ended_notified_at).not.toBeNull();
  });

  it("finishes a bounded number of challenges per run and the rest on the next", async () => {
    const owner = await newUser();
    const id = await community(owner, []);
    const ids: string[] = [];
    for (let n = 0; n < ENDED_PER_RUN + 1; n++) ids.push(await challenge(owner, id, { title: `끝 ${n}` }));
    for (const [n, challengeId] of ids.entries())
      await env.DB.prepare(`UPDATE challenges SET start_at = 0, end_at = ? WHERE id = ?`)
        .bind(n + 1, challengeId)
        .run();
    const finished = async () => {
      const rows = await env.DB.prepare(
        `SELECT count(*) AS n FROM challenges WHERE community_id = ? AND ended_notified_at IS NOT NULL`,
      )
        .bind(id)
        .first<{ n: number }>();
      return rows!.n;
    };
    const run = () =>
      worker.scheduled(
        createScheduledController({ cron: "*/15 * * * *", scheduledTime: Date.now() }),
        env,
        createExecutionContext(),
      );
    await run();
    expect(await finished()).toBe(ENDED_PER_RUN);
    await run();
    expect(await finished()).toBe(ENDED_PER_RUN + 1);
  });
});
