import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { CATEGORIES, type DaySummary } from "../../schemas/lifelog";
import { archiveDaySummary } from "../../workers/services/archive";
import { uniqueId } from "../helpers/api";
import { archiveRows, hyperdrive } from "../helpers/postgres";

const summary = (at: number, work: number): DaySummary => ({
  day: "2026-03-14",
  tz: "Asia/Seoul",
  minutes: { ...Object.fromEntries(CATEGORIES.map((c) => [c, 0])), work, exercise: 30 } as DaySummary["minutes"],
  hours: Array.from({ length: 24 * CATEGORIES.length }, (_, i) => (i === 9 * CATEGORIES.length ? 10 : 0)),
  exercise: true,
  at,
});

type DayRow = { day: string; tz: string; minutes: Record<string, number>; exercise: boolean; updated_at: Date };
const daysOf = (userId: string) =>
  archiveRows<DayRow>(`SELECT day::text, tz, minutes, exercise, updated_at FROM activity_days WHERE user_id = $1`, [
    userId,
  ]);

describe.skipIf(!hyperdrive)("day totals in the Postgres analytics tables", () => {
  it("stores a day's totals in the user's zone", async () => {
    const userId = uniqueId();
    const sent = summary(1_000, 120);
    await archiveDaySummary(env, userId, sent);
    const { hours, at, ...rest } = sent;
    expect(await daysOf(userId)).toEqual([{ ...rest, updated_at: new Date(at) }]);
    const [stored] = await archiveRows<{ hours: number[] }>(`SELECT hours FROM activity_days WHERE user_id = $1`, [
      userId,
    ]);
    expect(stored?.hours).toEqual(hours);
  });

  it("replaces a day's totals with a newer summary and ignores an older one arriving late", async () => {
    const userId = uniqueId();
    await archiveDaySummary(env, userId, summary(1_000, 120));
    await archiveDaySummary(env, userId, summary(3_000, 180));
    await archiveDaySummary(env, userId, summary(2_000, 150));
    await archiveDaySummary(env, userId, summary(3_000, 180));
    const days = await daysOf(userId);
    expect(days.map((d) => [d.minutes.work, d.updated_at.getTime()])).toEqual([[180, 3_000]]);
  });
});
