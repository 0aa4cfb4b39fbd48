import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Insight } from "../../schemas/insights";
import type { LabelKey } from "../../schemas/labels";
import type { LaplaceSampler } from "../../workers/domain/laplace";
import { labelValueKey } from "../../workers/domain/lifelog/label-value";
import { cohortTotals } from "../../workers/ports/db/insights";
import { labelInsight } from "../../workers/services/insights";
import { api, expectProblem, newUser, uniqueId } from "../helpers/api";
import { fullScans, meterD1 } from "../helpers/d1-meter";
import { dayFromToday, putDays, putLabel, putVisibility, setTier, type DayRow } from "../helpers/lifelog-rows";

const noNoise: LaplaceSampler = () => 0;

/** `count` people who share `value` under `key`, each with the given days and visibility (none: the default). */
async function cohort(
  count: number,
  value: string,
  days: DayRow[],
  visibility?: "private" | "stats_only" | "anonymized_timeline",
  key: LabelKey = "affiliation",
): Promise<string[]> {
  const ids = Array.from({ length: count }, () => uniqueId("member"));
  await Promise.all(
    ids.map(async (id) => {
      await putLabel(id, { key, value });
      await putDays(id, days);
      if (visibility) await putVisibility(id, visibility);
    }),
  );
  return ids;
}

const today = (): DayRow[] => [{ day: dayFromToday(0), minutes: { work: 480, sleep: 420 }, exercise: true }];

async function ask(token: string, key: string, value: string): Promise<Insight> {
  const res = await api(`/v1/insights/labels?key=${key}&value=${encodeURIComponent(value)}`, { token });
  expect(res.status).toBe(200);
  return (await res.json()) as Insight;
}

describe("GET /v1/insights/labels", () => {
  it("suppresses a cohort of ten, with no size and no metrics", async () => {
    const value = uniqueId("Acme");
    await cohort(10, value, today());
    const body = await ask((await newUser()).token, "affiliation", value);
    expect(body).toMatchObject({ suppressed: true, cohort: { key: "affiliation", value } });
    expect(body.metrics).toBeUndefined();
    expect(body.cohort.size).toBeUndefined();
    expect(body.privacy).toMatchObject({ mechanism: "laplace", epsilon: 1, minCohort: 11, cached: false });
    expect(body.privacy.sampler).toMatch(/discrete-laplace/);
  });

  it("describes a large cohort with noisy averages per category and the exercise-day share", async () => {
    const value = uniqueId("Globex");
    await cohort(60, value, today());
    const body = await ask((await newUser()).token, "affiliation", value);
    expect(body.suppressed).toBe(false);
    expect(body.cohort.size).toEqual(expect.any(Number));
    expect(Object.keys(body.metrics!.minutesPerDay).sort()).toEqual(
      ["chores", "commute", "exercise", "leisure", "other", "rest", "sleep", "social", "study", "work"].sort(),
    );
    expect(body.metrics!.exerciseDayShare).toBeGreaterThanOrEqual(0);
    expect(body.metrics!.margin95.minutesPerDay).toBeGreaterThan(0);
    expect(body.window).toEqual({ days: 30, tier: "free" });
  });

  it("answers with the cohort's exact averages of clipped rows when the noise is zero", async () => {
    const value = uniqueId("Initech");
    await cohort(6, value, [{ day: dayFromToday(0), minutes: { work: 600 }, exercise: true }]);
    // two days each: 300 + 0 minutes of work → 150 a day, one exercise day in two
    await cohort(6, value, [
      { day: dayFromToday(-1), minutes: { work: 300 }, exercise: true },
      { day: dayFromToday(0), minutes: {} },
    ]);
    const body = await labelInsight(env, (await newUser()).id, { key: "affiliation", value }, { sample: noNoise });
    expect(body.cohort.size).toBe(12);
    expect(body.metrics!.minutesPerDay.work).toBe(375);
    expect(body.metrics!.exerciseDayShare).toBe(0.75);
  });

  it("suppresses eleven contributors when the noisy size comes out below eleven", async () => {
    const value = uniqueId("Umbrella");
    await cohort(11, value, today());
    const body = await labelInsight(env, (await newUser()).id, { key: "affiliation", value }, { sample: () => -1 });
    expect(body).toMatchObject({ suppressed: true });
    expect(body.metrics).toBeUndefined();
  });

  it("never counts private people: ten visible and five private stay suppressed", async () => {
    const value = uniqueId("Hooli");
    await cohort(5, value, today());
    await cohort(5, value, today(), "anonymized_timeline");
    await cohort(5, value, today(), "private");
    const body = await labelInsight(env, (await newUser()).id, { key: "affiliation", value }, { sample: noNoise });
    expect(body.suppressed).toBe(true);
  });

  it("counts stats_only, anonymized_timeline and unset visibilities, and private labels, but not private people", async () => {
    const value = uniqueId("Stark");
    await cohort(4, value, today());
    await cohort(4, value, today(), "stats_only");
    await cohort(3, value, today(), "anonymized_timeline");
    await cohort(7, value, today(), "private");
    const hidden = uniqueId("hidden");
    await putLabel(hidden, { key: "affiliation", value, visibility: "private" });
    await putDays(hidden, today());
    const body = await labelInsight(env, (await newUser()).id, { key: "affiliation", value }, { sample: noNoise });
    expect(body.cohort.size).toBe(12);
  });

  it("finds Korean cohorts whatever the spelling: spacing, case and decomposed Hangul", async () => {
    const tag = uniqueId("x");
    await cohort(11, `서울대학교 ${tag}`, today());
    await cohort(11, `개발자 ${tag}`, today(), undefined, "role");
    const spelled = `  ${"서울대학교".normalize("NFD")}   ${tag.toUpperCase()} `;
    const school = await labelInsight(
      env,
      (await newUser()).id,
      { key: "affiliation", value: spelled },
      {
        sample: noNoise,
      },
    );
    expect(school.cohort.size).toBe(11);
    const role = await ask((await newUser()).token, "role", `개발자 ${tag}`);
    expect(role.cohort).toMatchObject({ key: "role", value: `개발자 ${tag}` });
  });

  it("compares a Free caller over the last 30 days only, and a Pro caller over all history", async () => {
    const value = uniqueId("Wayne");
    await cohort(11, value, [{ day: dayFromToday(-40), minutes: { study: 200 } }]);
    const free = await newUser();
    const pro = await newUser();
    await setTier(pro.id, "pro");
    const asFree = await labelInsight(env, free.id, { key: "affiliation", value }, { sample: noNoise });
    expect(asFree).toMatchObject({ suppressed: true, window: { days: 30, tier: "free" } });
    const asPro = await labelInsight(env, pro.id, { key: "affiliation", value }, { sample: noNoise });
    expect(asPro).toMatchObject({ suppressed: false, window: { days: null, tier: "pro" }, cohort: { size: 11 } });
    expect(asPro.metrics!.minutesPerDay.study).toBe(200);
  });

  it("counts a Free caller's 30th day back and not the 31st", async () => {
    const value = uniqueId("Tyrell");
    await cohort(11, value, [{ day: dayFromToday(-29), minutes: { rest: 90 } }]);
    await cohort(3, value, [{ day: dayFromToday(-30), minutes: { rest: 90 } }]);
    const body = await labelInsight(env, (await newUser()).id, { key: "affiliation", value }, { sample: noNoise });
    expect(body.cohort.size).toBe(11);
  });

  it("returns the day's last answer, marked cached, once the day's budget is spent", async () => {
    const value = uniqueId("Cyberdyne");
    await cohort(60, value, today());
    const { token } = await newUser();
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await ask(token, "affiliation", value));
    expect(answers.map((a) => a.privacy.cached)).toEqual([false, false, false, true, true]);
    const strip = (a: Insight) => ({ ...a, privacy: { ...a.privacy, cached: null } });
    expect(strip(answers[3]!)).toEqual(strip(answers[2]!));
    expect(strip(answers[4]!)).toEqual(strip(answers[2]!));
  });

  it("draws fresh noise again on the next day", async () => {
    const value = uniqueId("Soylent");
    await cohort(60, value, today());
    const caller = (await newUser()).id;
    const now = new Date();
    for (let i = 0; i < 3; i++) await labelInsight(env, caller, { key: "affiliation", value }, { now });
    const spent = await labelInsight(env, caller, { key: "affiliation", value }, { now });
    const tomorrow = new Date(now.getTime() + 86_400_000);
    const fresh = await labelInsight(env, caller, { key: "affiliation", value }, { now: tomorrow });
    expect([spent.privacy.cached, fresh.privacy.cached]).toEqual([true, false]);
  });

  it("never spends more than the day's budget under concurrent queries", async () => {
    const value = uniqueId("Aperture");
    await cohort(60, value, today());
    const caller = (await newUser()).id;
    const now = new Date();
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => labelInsight(env, caller, { key: "affiliation", value }, { now })),
    );
    expect(answers.filter((a) => !a.privacy.cached)).toHaveLength(3);
    const row = await env.DB.prepare(`SELECT epsilon_spent, draws FROM insight_answers WHERE cohort = ?`)
      .bind(`affiliation:30d:${labelValueKey(value)}`)
      .first<{ epsilon_spent: number; draws: number }>();
    expect(row).toEqual({ epsilon_spent: 3, draws: 3 });
  });

  it("reads the cohort through the label and day indexes, never a whole table", async () => {
    const value = uniqueId("Massive");
    await cohort(3, value, today());
    const meter = meterD1(env.DB);
    await cohortTotals({ DB: meter.db }, { key: "affiliation", valueKey: labelValueKey(value) }, dayFromToday(-29));
    await cohortTotals({ DB: meter.db }, { key: "affiliation", valueKey: labelValueKey(value) }, null);
    expect(meter.statements).toHaveLength(2);
    expect(await fullScans(env.DB, meter.statements)).toEqual([]);
  });

  it.each([
    ["no value", "key=affiliation"],
    ["a key outside the vocabulary", "key=company&value=Acme"],
    ["a blank value", "key=role&value=%20%20"],
    ["a value with a control character", "key=role&value=a%07b"],
    ["a value over 100 characters", `key=role&value=${"가".repeat(101)}`],
  ])("rejects %s with 400", async (_, query) => {
    const { token } = await newUser();
    await expectProblem(await api(`/v1/insights/labels?${query}`, { token }), 400);
  });

  it("needs a token", async () => {
    await expectProblem(await api(`/v1/insights/labels?key=role&value=x`), 401);
  });
});
