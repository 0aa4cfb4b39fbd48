import { z } from "zod";
import {
  ChallengeMetricSchema,
  type Challenge,
  type ChallengeCreate,
  type LeaderboardEntry,
} from "../../../schemas/communities";
import type { DaySummary } from "../../../schemas/lifelog";
import { decodeCursor, encodeCursor } from "../../domain/cursor";
import { dayContribution, dayMidpoint, metricValue, weeksElapsed } from "../../domain/social/challenge-metric";
import { endedNotice, reachedNotice } from "../../domain/social/challenge-text";
import type { AppEnv } from "../../env";
import { ForbiddenError, NotFoundError, RuleViolationError, ValidationError } from "../../errors";
import { logEvent } from "../../log";
import {
  applyDay,
  challengeById,
  challengePage,
  claimEnded,
  endedChallenges,
  insertChallenge,
  openChallengesOf,
  standings,
  unmarkReached,
  type ChallengeRow,
  type ChallengeWithMine,
} from "../../ports/db/challenges";
import { localesOf, userSettings } from "../../ports/db/users";
import { keysetOf, requireReader, type PageInput } from "./communities";

/**
 * Challenges: a metric over members' day summaries in a window, a target, a leaderboard. Progress moves
 * only with the `timeline.day` stream (onDaySummary), never by rescanning timelines; the end-of-challenge
 * ranks are sent by the 15-minute cron (endChallenges).
 */

const MAX_WINDOW_MS = 366 * 86_400_000;

export const metricOf = (row: Pick<ChallengeRow, "metric">) => ChallengeMetricSchema.parse(JSON.parse(row.metric));
const windowOf = (row: Pick<ChallengeRow, "startAt" | "endAt">) => ({ startAt: row.startAt, endAt: row.endAt });

export async function createChallenge(
  env: AppEnv,
  actorId: string,
  communityId: string,
  input: ChallengeCreate,
): Promise<{ id: string }> {
  const community = await requireReader(env, actorId, communityId);
  if (community.myRole !== "owner" && community.myRole !== "moderator")
    throw new ForbiddenError("only owners and moderators create challenges");
  const now = Date.now();
  const [startAt, endAt] = [Date.parse(input.startAt), Date.parse(input.endAt)];
  if (endAt <= now) throw new RuleViolationError("a challenge must end in the future");
  if (endAt - startAt > MAX_WINDOW_MS) throw new RuleViolationError("a challenge lasts at most 366 days");
  const id = crypto.randomUUID();
  await insertChallenge(env, {
    id,
    communityId,
    title: input.title,
    metric: JSON.stringify(input.metric),
    target: input.target,
    startAt,
    endAt,
    createdBy: actorId,
    endedNotifiedAt: null,
    createdAt: now,
  });
  return { id };
}

function toChallenge(row: ChallengeWithMine, member: boolean, now: number): Challenge {
  const metric = metricOf(row);
  const status = now < row.startAt ? "upcoming" : now < row.endAt ? "running" : "ended";
  return {
    id: row.id,
    communityId: row.communityId,
    title: row.title,
    metric,
    target: row.target,
    startAt: new Date(row.startAt).toISOString(),
    endAt: new Date(row.endAt).toISOString(),
    status,
    myProgress: member
      ? {
          value: metricValue(metric, row.myValue ?? 0, windowOf(row), now),
          reachedAt: row.myReachedAt === null ? null : new Date(row.myReachedAt).toISOString(),
        }
      : null,
    createdAt: new Date(row.createdAt).toISOString(),
  };
}

export async function listChallenges(
  env: AppEnv,
  viewerId: string,
  communityId: string,
  page: PageInput,
): Promise<{ items: Challenge[]; nextCursor: string | null }> {
  const community = await requireReader(env, viewerId, communityId);
  const rows = await challengePage(env, viewerId, communityId, { limit: page.limit, after: keysetOf(page.cursor) });
  const now = Date.now();
  return { items: rows.items.map((r) => toChallenge(r, community.myRole !== null, now)), nextCursor: rows.nextCursor };
}

/** A challenge, readable by whoever may read its community. */
export async function getChallenge(env: AppEnv, viewerId: string, challengeId: string): Promise<Challenge> {
  const row = await challengeById(env, viewerId, challengeId);
  if (!row) throw new NotFoundError("no such challenge");
  const community = await requireReader(env, viewerId, row.communityId);
  return toChallenge(row, community.myRole !== null, Date.now());
}

const StandingCursorSchema = z.object({
  value: z.number(),
  reachedAt: z.number().nullable(),
  userId: z.string(),
  rank: z.number().int().min(0),
});

/**
 * Ranked by value (highest first), then by who reached the target first, then by user id; members
 * whose life-log is `private` appear only on their own view, and ranks count the entries the viewer sees.
 */
export async function leaderboard(
  env: AppEnv,
  viewerId: string,
  communityId: string,
  challengeId: string,
  page: PageInput,
): Promise<{ items: LeaderboardEntry[]; nextCursor: string | null }> {
  await requireReader(env, viewerId, communityId);
  const challenge = await challengeById(env, viewerId, challengeId);
  if (!challenge || challenge.communityId !== communityId) throw new NotFoundError("no such challenge");
  const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor, StandingCursorSchema);
  if (page.cursor !== undefined && !after)
    throw new ValidationError("the cursor is not from this list", [{ path: "cursor", message: "invalid cursor" }]);
  const rows = await standings(env, { challengeId, communityId, viewerId, limit: page.limit + 1, after });
  const metric = metricOf(challenge);
  const now = Date.now();
  const items = rows.slice(0, page.limit).map((r, i) => ({
    rank: (after?.rank ?? 0) + i + 1,
    userId: r.userId,
    value: metricValue(metric, r.value, windowOf(challenge), now),
    reached: r.reachedAt !== null,
    reachedAt: r.reachedAt === null ? null : new Date(r.reachedAt).toISOString(),
  }));
  const last = rows[page.limit - 1];
  const nextCursor =
    rows.length > page.limit && last
      ? encodeCursor({
          value: last.value,
          reachedAt: last.reachedAt,
          userId: last.userId,
          rank: (after?.rank ?? 0) + page.limit,
        })
      : null;
  return { items, nextCursor };
}

/**
 * The `timeline.day` hook: the day's contribution to every open challenge of the user's communities
 * whose window holds the day (its middle, in the summary's zone). A redelivered or older summary of a
 * day changes nothing; a newer one replaces the day. A member who reaches the target by this write is
 * notified once, in their language.
 */
export async function onDaySummary(env: AppEnv, userId: string, summary: DaySummary): Promise<void> {
  const open = await openChallengesOf(env, userId, dayMidpoint(summary.day, summary.tz));
  if (open.length === 0) return;
  const now = Date.now();
  const byId = new Map(open.map((c) => [c.id, c]));
  const changed = await applyDay(
    env,
    userId,
    open.map((c) => {
      const metric = metricOf(c);
      const weeks = metric.kind === "category_minutes_per_week" ? weeksElapsed(windowOf(c), now) : 1;
      return {
        challengeId: c.id,
        day: summary.day,
        contribution: dayContribution(metric, summary),
        at: summary.at,
        reachAt: c.target * weeks,
      };
    }),
    now,
  );
  const reached = changed.filter((c) => c.reachedNow);
  if (reached.length === 0) return;
  const { locale } = await userSettings(env, userId);
  const actor = env.USER_ACTOR.get(env.USER_ACTOR.idFromName(userId));
  for (const r of reached) {
    const challenge = byId.get(r.challengeId)!;
    const notice = reachedNotice(locale, challenge);
    try {
      await actor.notify("challenge", notice.title, notice.body, {
        challengeId: challenge.id,
        communityId: challenge.communityId,
        event: "reached",
      });
    } catch (error) {
      // the message is retried: with the reach undone, its redelivery reaches the target again and notifies
      await unmarkReached(env, challenge.id, userId, now);
      throw error;
    }
    logEvent("info", "challenge reached", { challengeId: challenge.id, userId });
  }
}

/** Bounds of one cron run: challenges finished per run, and final-rank notices per challenge. */
export const ENDED_PER_RUN = 5;
export const NOTICES_PER_CHALLENGE = 500;
const NOTIFY_AT_ONCE = 20;

/**
 * The 15-minute cron's pass: each challenge that has ended is claimed once (ended_notified_at), then its
 * members on the leaderboard get their final rank (the rank they see: others' private entries do not
 * count), at most NOTICES_PER_CHALLENGE of them, for at most ENDED_PER_RUN challenges a run.
 */
export async function endChallenges(env: AppEnv, now: Date): Promise<{ ended: number; notified: number }> {
  const at = now.getTime();
  let ended = 0;
  let notified = 0;
  for (const challenge of await endedChallenges(env, at, ENDED_PER_RUN)) {
    if (!(await claimEnded(env, challenge.id, at))) continue;
    ended++;
    const rows = await standings(env, {
      challengeId: challenge.id,
      communityId: challenge.communityId,
      viewerId: null,
      limit: NOTICES_PER_CHALLENGE,
    });
    const visible = rows.filter((r) => !r.hidden).length;
    let shownAhead = 0;
    const ranks = rows.map((r) => {
      const rank = shownAhead + 1;
      if (!r.hidden) shownAhead++;
      return { userId: r.userId, rank, of: r.hidden ? visible + 1 : visible };
    });
    const locales = await localesOf(
      env,
      ranks.map((r) => r.userId),
    );
    for (let i = 0; i < ranks.length; i += NOTIFY_AT_ONCE) {
      const results = await Promise.allSettled(
        ranks.slice(i, i + NOTIFY_AT_ONCE).map(async (r) => {
          const notice = endedNotice(locales.get(r.userId) ?? "en", challenge, r.rank, r.of);
          await env.USER_ACTOR.get(env.USER_ACTOR.idFromName(r.userId)).notify("challenge", notice.title, notice.body, {
            challengeId: challenge.id,
            communityId: challenge.communityId,
            event: "ended",
            rank: r.rank,
          });
        }),
      );
      for (const result of results)
        if (result.status === "fulfilled") notified++;
        else
          logEvent("warn", "challenge end notice not sent", {
            challengeId: challenge.id,
            error: String(result.reason),
          });
    }
  }
  return { ended, notified };
}
