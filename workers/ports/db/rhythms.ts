import { and, asc, eq, gt, gte, inArray, sql } from "drizzle-orm";
import { activityDays, lifelogVisibility, userLabels } from "../../../schemas/db";
import { DaySummarySchema, type Visibility } from "../../../schemas/lifelog";
import { type LabelKey } from "../../../schemas/labels";
import type { DayHours } from "../../domain/lifelog/rhythm";
import { createDb, type D1Env } from "./d1";
import { inChunks } from "./in-chunks";

/**
 * A page of the people who ever set a visibility, by user id after `afterId` ("" first). Everyone
 * who can have a rhythm vector is here: anyone matchable chose `anonymized_timeline`, and anyone
 * who left it still has a row saying what they chose instead.
 */
export async function visibilityAfter(
  env: D1Env,
  afterId: string,
  limit: number,
): Promise<{ userId: string; visibility: Visibility }[]> {
  return createDb(env)
    .select({ userId: lifelogVisibility.userId, visibility: lifelogVisibility.visibility })
    .from(lifelogVisibility)
    .where(gt(lifelogVisibility.userId, afterId))
    .orderBy(asc(lifelogVisibility.userId))
    .limit(limit);
}

const HoursSchema = DaySummarySchema.shape.hours;
const parseHours = (text: string) => {
  try {
    const parsed = HoursSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
};

/** Each person's days from `since` on, with their hour × category minutes; malformed rows are left out. */
export async function hoursSince(env: D1Env, userIds: string[], since: string): Promise<Map<string, DayHours[]>> {
  const rows = await inChunks(userIds, (chunk) =>
    createDb(env)
      .select({ userId: activityDays.userId, day: activityDays.day, hours: activityDays.hours })
      .from(activityDays)
      .where(and(inArray(activityDays.userId, chunk), gte(activityDays.day, since))),
  );
  const byUser = new Map<string, DayHours[]>();
  for (const row of rows) {
    const hours = parseHours(row.hours);
    if (!hours) continue;
    byUser.set(row.userId, [...(byUser.get(row.userId) ?? []), { day: row.day, hours }]);
  }
  return byUser;
}

/** Which of these people can be matched right now (their visibility as D1 has it at this moment). */
export async function matchableAmong(env: D1Env, userIds: string[]): Promise<Set<string>> {
  const rows = await inChunks(userIds, (chunk) =>
    createDb(env)
      .select({ userId: lifelogVisibility.userId })
      .from(lifelogVisibility)
      .where(and(inArray(lifelogVisibility.userId, chunk), eq(lifelogVisibility.visibility, "anonymized_timeline"))),
  );
  return new Set(rows.map((r) => r.userId));
}

export type PublicLabel = { key: LabelKey; value: string; verified: boolean };

/** Each person's public labels (their private ones never leave D1 here). */
export async function publicLabelsOf(env: D1Env, userIds: string[]): Promise<Map<string, PublicLabel[]>> {
  const rows = await inChunks(userIds, (chunk) =>
    createDb(env)
      .select({
        userId: userLabels.userId,
        key: userLabels.key,
        value: userLabels.value,
        verified: sql<number>`${userLabels.verifiedAt} IS NOT NULL`,
      })
      .from(userLabels)
      .where(and(inArray(userLabels.userId, chunk), eq(userLabels.visibility, "public")))
      .orderBy(asc(userLabels.userId), asc(userLabels.key)),
  );
  const byUser = new Map<string, PublicLabel[]>();
  for (const row of rows) {
    const label = { key: row.key, value: row.value, verified: Boolean(row.verified) };
    byUser.set(row.userId, [...(byUser.get(row.userId) ?? []), label]);
  }
  return byUser;
}
