import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { LaplaceSampler } from "../../workers/domain/laplace";
import { labelValueKey } from "../../workers/domain/lifelog/label-value";
import type { AppEnv } from "../../workers/env";
import { createDayAnalytics } from "../../workers/ports/analytics";
import { labelInsight } from "../../workers/services/insights";
import { generateReport } from "../../workers/services/reports";
import { newUser, uniqueId } from "../helpers/api";
import { dayFromToday, putDays, putLabel, putVisibility, type DayRow, type DayStore } from "../helpers/lifelog-rows";
import { hyperdrive } from "../helpers/postgres";

const noNoise: LaplaceSampler = () => 0;
/** The same bindings without the archive: what a deployment without Hyperdrive reads. */
const d1Only = { ...env, HYPERDRIVE: undefined } as AppEnv;

async function cohort(count: number, value: string, days: DayRow[], stores: DayStore[]): Promise<string[]> {
  const ids = Array.from({ length: count }, () => uniqueId("member"));
  await Promise.all(
    ids.map(async (id) => {
      await putLabel(id, { key: "affiliation", value });
      await putDays(id, days, stores);
    }),
  );
  return ids;
}

const hours = (hour: number, minutes: number) => {
  const grid = new Array(240).fill(0);
  grid[hour * 10] = minutes; // work is the first category
  return grid;
};

describe.skipIf(!hyperdrive)("analytics read from the Postgres archive when it is configured", () => {
  it("answers a label insight from Postgres's activity_days, with membership and privacy from D1", async () => {
    const value = uniqueId("Hanbit");
    // days only in Postgres: D1 alone would know nobody's time
    const members = await cohort(
      12,
      value,
      [{ day: dayFromToday(0), minutes: { work: 420, sleep: 400 }, exercise: true }],
      ["postgres"],
    );
    // one of them chose private in D1: the archive still holds their days, which must not count
    await putVisibility(members[0]!, "private");
    const fromArchive = await labelInsight(
      env,
      (await newUser()).id,
      { key: "affiliation", value },
      { sample: noNoise },
    );
    expect(fromArchive).toMatchObject({ suppressed: false, cohort: { size: 11 } });
    expect(fromArchive.metrics!.minutesPerDay).toMatchObject({ work: 420, sleep: 400, exercise: 0 });
    expect(fromArchive.metrics!.exerciseDayShare).toBe(1);

    const fromD1 = await createDayAnalytics(d1Only).cohortTotals(
      { key: "affiliation", valueKey: labelValueKey(value) },
      null,
    );
    expect(fromD1).toEqual([]);
  });

  it("gives the same totals from either store for the same days", async () => {
    const value = uniqueId("같은회사");
    const days: DayRow[] = [
      { day: dayFromToday(-40), minutes: { study: 90 }, exercise: false },
      { day: dayFromToday(-2), minutes: { work: 300, exercise: 45 }, exercise: true, hours: hours(9, 60) },
      { day: dayFromToday(0), minutes: { work: 200, leisure: 30 }, exercise: false, hours: hours(10, 50) },
    ];
    const ids = await cohort(3, value, days, ["d1", "postgres"]);
    const cohortKey = { key: "affiliation" as const, valueKey: labelValueKey(value) };
    const [pg, d1] = [createDayAnalytics(env), createDayAnalytics(d1Only)];
    expect([pg.store, d1.store]).toEqual(["postgres", "d1"]);
    for (const since of [null, dayFromToday(-29)]) {
      const fromPg = await pg.cohortTotals(cohortKey, since);
      expect(fromPg).toHaveLength(3);
      expect(fromPg).toEqual(await d1.cohortTotals(cohortKey, since));
    }
    const window = { since: dayFromToday(-6), until: dayFromToday(0) };
    expect(await pg.personTotals(ids[0]!, window)).toEqual({
      days: 2,
      exerciseDays: 1,
      minutes: expect.objectContaining({ work: 500, exercise: 45, leisure: 30, study: 0 }),
    });
    expect(await pg.personTotals(ids[0]!, window)).toEqual(await d1.personTotals(ids[0]!, window));
    const since = dayFromToday(-13);
    const fromPgHours = await pg.hoursSince(ids, since);
    expect(fromPgHours.get(ids[1]!)?.map((d) => d.day)).toEqual([dayFromToday(-2), dayFromToday(0)]);
    expect(fromPgHours).toEqual(await d1.hoursSince(ids, since));
  });

  it("puts the period's life-log days from Postgres in a growth report", async () => {
    const { id: userId } = await newUser();
    const [from, to] = [dayFromToday(-6), dayFromToday(0)];
    await putDays(
      userId,
      [
        { day: dayFromToday(-8), minutes: { work: 999 } }, // before the period
        { day: dayFromToday(-3), minutes: { sleep: 420, exercise: 30 }, exercise: true },
        { day: dayFromToday(-1), minutes: { sleep: 380, work: 61 } },
      ],
      ["postgres"],
    );
    const report = await generateReport(env, { userId, period: "week", from, to });
    expect(report.body!.activity).toEqual({
      days: 2,
      exerciseDays: 1,
      minutesPerDay: { sleep: 400, exercise: 15, work: 31 },
    });
    const withoutArchive = await generateReport(d1Only, { userId, period: "week", from, to });
    expect(withoutArchive.body!.activity).toBeNull();
  });
});

describe("analytics without the archive", () => {
  it("reads D1 and puts nothing in a report for a period with no logged day", async () => {
    const { id: userId } = await newUser();
    expect(createDayAnalytics(d1Only).store).toBe("d1");
    const report = await generateReport(d1Only, {
      userId,
      period: "week",
      from: dayFromToday(-6),
      to: dayFromToday(0),
    });
    expect(report.body!.activity).toBeNull();
    await putDays(userId, [{ day: dayFromToday(-1), minutes: { study: 125 } }], ["d1"]);
    const again = await generateReport(d1Only, { userId, period: "week", from: dayFromToday(-6), to: dayFromToday(0) });
    expect(again.body!.activity).toEqual({ days: 1, exerciseDays: 0, minutesPerDay: { study: 125 } });
  });
});
