import type { Privacy, PrivacyUpdate, Timeline, Week } from "../../schemas/lifelog";
import { addDays } from "../domain/lifelog/days";
import type { AppEnv } from "../env";
import { saveVisibility } from "../ports/db/lifelog";
import { historyRefusal, historySince, tierOf } from "./limits";

/**
 * The actor holds consent and visibility (ingest reads them on every event); D1 mirrors visibility
 * for insights and matches, which count across users. The actor's answer is the truth: a failed mirror
 * write fails the request, and repeating the PUT (idempotent) writes it again.
 */
export async function updatePrivacy(env: AppEnv, userId: string, change: PrivacyUpdate): Promise<Privacy> {
  const actor = env.LIFELOG.get(env.LIFELOG.idFromName(userId));
  const privacy = await actor.updatePrivacy(userId, change);
  await saveVisibility(env, userId, privacy.visibility, Date.parse(privacy.updatedAt ?? new Date().toISOString()));
  return privacy;
}

/**
 * A day of the caller's timeline as their plan shows it. Free sees the last 30 days (limits.ts): an
 * older day is a 402 here, and the actor is handed `since` too, so the data read hides it on its own.
 */
export async function readTimeline(env: AppEnv, userId: string, day: string, tz: string): Promise<Timeline> {
  const since = historySince(await tierOf(env, userId), tz);
  if (since !== null && day < since) throw historyRefusal(day, since);
  return timelineSince(env, userId, day, tz, since);
}

/**
 * Seven days as the caller's plan shows them: days before the plan's window come back with zero
 * minutes and `hidden: true` (the week keeps its seven days); a week wholly before it is a 402.
 */
export async function readWeek(env: AppEnv, userId: string, start: string, tz: string): Promise<Week> {
  const since = historySince(await tierOf(env, userId), tz);
  if (since !== null && addDays(start, 6) < since) throw historyRefusal(`the week of ${start}`, since);
  return weekSince(env, userId, start, tz, since);
}

/** The data read with the plan's first visible day: days before `since` are hidden, never read. */
export async function timelineSince(
  env: AppEnv,
  userId: string,
  day: string,
  tz: string,
  since: string | null,
): Promise<Timeline> {
  return env.LIFELOG.get(env.LIFELOG.idFromName(userId)).timeline(userId, day, tz, since);
}

export async function weekSince(
  env: AppEnv,
  userId: string,
  start: string,
  tz: string,
  since: string | null,
): Promise<Week> {
  return env.LIFELOG.get(env.LIFELOG.idFromName(userId)).week(userId, start, tz, since);
}
