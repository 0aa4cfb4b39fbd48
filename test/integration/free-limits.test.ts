import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { LIMIT_HEADER } from "../../schemas/headers";
import { timelineSince, weekSince } from "../../workers/services/lifelog";
import { historySince, limitsFor } from "../../workers/services/limits";
import { api, expectProblem, newUser } from "../helpers/api";
import { codes, gql } from "../helpers/graphql";
import { activity, daysAgo, postActivity, timelineOf } from "../helpers/lifelog";
import { setTier } from "../helpers/lifelog-rows";

type Problem = { upgrade?: boolean; limit?: string; resetsAt?: string; detail: string };
type WeekBody = { days: { day: string; minutes: Record<string, number>; hidden?: boolean }[] };

const nextMidnight = () => {
  const d = new Date();
  d.setUTCHours(24, 0, 0, 0);
  return d.toISOString();
};

/** A Free user with a block of study 40 days ago, 31 days ago and 28 days ago (all in the actor). */
async function userWithHistory() {
  const user = await newUser();
  await setTier(user.id, "free");
  const events = [40, 31, 28].map((n) => activity("manual", `${daysAgo(n)}T10:00:00Z`, 60, { category: "study" }));
  expect((await postActivity(user.token, events)).body.accepted).toBe(3);
  return user;
}

const week = (token: string, start: string) => api(`/v1/timeline/week?start=${start}&tz=UTC`, { token });
const compare = (token: string, value = "Edge Labs") =>
  api(`/v1/insights/labels?key=affiliation&value=${encodeURIComponent(value)}`, { token });

describe("Free sees 30 days of timeline", () => {
  it("refuses a day 31 days back with 402 history_days, and shows it to Pro", async () => {
    const user = await userWithHistory();
    const res = await api(`/v1/timeline?day=${daysAgo(31)}&tz=UTC`, { token: user.token });
    const problem = (await expectProblem(res, 402)) as unknown as Problem;
    expect(problem).toMatchObject({ upgrade: true, limit: "history_days" });
    expect(problem.resetsAt).toBeUndefined();
    expect((await timelineOf(user.token, daysAgo(28))).body.entries).toHaveLength(1);
    await setTier(user.id, "pro");
    const pro = await timelineOf(user.token, daysAgo(31));
    expect(pro.status).toBe(200);
    expect(pro.body.entries).toMatchObject([{ category: "study" }]);
  });

  it("shows Free a day 30 days old and refuses one 31 days old", async () => {
    const user = await newUser();
    expect((await timelineOf(user.token, daysAgo(30))).status).toBe(200);
    await expectProblem(await api(`/v1/timeline?day=${daysAgo(31)}&tz=UTC`, { token: user.token }), 402);
    expect(historySince("free", "UTC")).toBe(daysAgo(30));
    expect(historySince("pro", "UTC")).toBeNull();
  });

  it("hides older days where the data is read, even without the route's check", async () => {
    const user = await userWithHistory();
    const since = historySince("free", "UTC");
    const day = await timelineSince(env, user.id, daysAgo(31), "UTC", since);
    expect(day).toMatchObject({ day: daysAgo(31), entries: [], hidden: true });
    const visible = await timelineSince(env, user.id, daysAgo(31), "UTC", null);
    expect(visible.entries).toHaveLength(1);
    const days = (await weekSince(env, user.id, daysAgo(33), "UTC", since)).days;
    expect(days.find((d) => d.day === daysAgo(31))).toMatchObject({ hidden: true, minutes: { study: 0 } });
  });

  it("keeps a week's seven days, the older ones zero and hidden, and refuses a week wholly older", async () => {
    const user = await userWithHistory();
    const res = await week(user.token, daysAgo(33));
    expect(res.status).toBe(200);
    const { days } = (await res.json()) as WeekBody;
    expect(days).toHaveLength(7);
    expect(days.filter((d) => d.hidden).map((d) => d.day)).toEqual([33, 32, 31].map(daysAgo));
    expect(days.find((d) => d.day === daysAgo(31))!.minutes.study).toBe(0);
    expect(days.find((d) => d.day === daysAgo(28))).toMatchObject({ minutes: { study: 60 } });
    expect(days.find((d) => d.day === daysAgo(28))!.hidden).toBeUndefined();
    const old = (await expectProblem(await week(user.token, daysAgo(45)), 402)) as unknown as Problem;
    expect(old).toMatchObject({ upgrade: true, limit: "history_days" });
    await setTier(user.id, "pro");
    const pro = (await (await week(user.token, daysAgo(33))).json()) as WeekBody;
    expect(pro.days.some((d) => d.hidden)).toBe(false);
    expect(pro.days.find((d) => d.day === daysAgo(31))!.minutes.study).toBe(60);
  });

  it("a downgrade hides older days and deletes nothing: back on Pro they are there again", async () => {
    const user = await userWithHistory();
    await setTier(user.id, "pro");
    expect((await timelineOf(user.token, daysAgo(40))).body.entries).toHaveLength(1);
    await setTier(user.id, "free");
    await expectProblem(await api(`/v1/timeline?day=${daysAgo(40)}&tz=UTC`, { token: user.token }), 402);
    await setTier(user.id, "pro");
    expect((await timelineOf(user.token, daysAgo(40))).body.entries).toMatchObject([{ category: "study" }]);
  });

  it("refuses the same days through GraphQL with PAYMENT_REQUIRED and the limit's name", async () => {
    const user = await userWithHistory();
    const day = await gql(user, `query($d: String!) { timeline(day: $d) { entries { id } } }`, { d: daysAgo(31) });
    expect(codes(day)).toEqual(["PAYMENT_REQUIRED"]);
    expect(day.errors?.[0]?.extensions).toMatchObject({ status: 402, upgrade: true, limit: "history_days" });
    const wk = await gql(user, `query($s: String!) { weekSummary(start: $s) { days { day hidden } } }`, {
      s: daysAgo(33),
    });
    expect((wk.data?.weekSummary as WeekBody).days.filter((d) => d.hidden)).toHaveLength(3);
    await setTier(user.id, "pro");
    const pro = await gql(user, `query($d: String!) { timeline(day: $d) { entries { id } } }`, { d: daysAgo(31) });
    expect(pro.errors).toBeUndefined();
  });
});

describe("Free has 5 label comparisons a UTC day", () => {
  it("answers five, marks the 4th and 5th with X-Edge-Coach-Limit, and refuses the 6th until midnight UTC", async () => {
    const user = await newUser();
    const headers: (string | null)[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await compare(user.token);
      expect(res.status).toBe(200);
      headers.push(res.headers.get(LIMIT_HEADER));
    }
    const resets = nextMidnight();
    expect(headers).toEqual([
      null,
      null,
      null,
      `label_comparisons; used=4; limit=5; resets=${resets}`,
      `label_comparisons; used=5; limit=5; resets=${resets}`,
    ]);
    const sixth = (await expectProblem(await compare(user.token), 402)) as unknown as Problem;
    expect(sixth).toMatchObject({ upgrade: true, limit: "label_comparisons", resetsAt: resets });
    expect(sixth.detail).toMatch(/Pro/);
  });

  it("counts nothing for a refused call (limitsFor reports today's use)", async () => {
    const user = await newUser();
    for (let i = 0; i < 7; i++) await compare(user.token, `Value ${i}`);
    const limits = await limitsFor(env, user.id, "free");
    expect(limits).toMatchObject({
      historyDays: 30,
      labelComparisonsPerDay: 5,
      labelComparisonsUsedToday: 5,
      labelComparisonsResetAt: nextMidnight(),
      proCommunities: false,
      analyticsReports: false,
    });
    const row = await env.DB.prepare(`SELECT count FROM usage_counters WHERE user_id = ? AND name = ?`)
      .bind(user.id, "label_comparisons")
      .first<{ count: number }>();
    expect(row?.count).toBe(5);
  });

  it("never over-counts under concurrent calls: exactly five succeed", async () => {
    const user = await newUser();
    const statuses = await Promise.all(Array.from({ length: 9 }, () => compare(user.token).then((r) => r.status)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.filter((s) => s === 402)).toHaveLength(4);
  });

  it("gives Pro unlimited comparisons with no header", async () => {
    const user = await newUser();
    await setTier(user.id, "pro");
    for (let i = 0; i < 7; i++) {
      const res = await compare(user.token);
      expect(res.status).toBe(200);
      expect(res.headers.get(LIMIT_HEADER)).toBeNull();
    }
    expect(await limitsFor(env, user.id, "pro")).toMatchObject({
      historyDays: null,
      labelComparisonsPerDay: null,
      proCommunities: true,
      analyticsReports: true,
    });
  });

  it("counts GraphQL's labelInsights as comparisons too, refusing the 6th with PAYMENT_REQUIRED", async () => {
    const user = await newUser();
    for (let i = 0; i < 5; i++) expect((await compare(user.token)).status).toBe(200);
    const body = await gql(user, `{ labelInsights(key: "affiliation", value: "Edge Labs") { suppressed } }`);
    expect(codes(body)).toEqual(["PAYMENT_REQUIRED"]);
    expect(body.errors?.[0]?.extensions).toMatchObject({ limit: "label_comparisons", resetsAt: nextMidnight() });
  });
});
