import { and, asc, desc, eq, getTableColumns, isNull, lte, sql, type SQL } from "drizzle-orm";
import {
  challengeProgress,
  challenges,
  communities,
  communityMembers,
  lifelogVisibility,
  users,
} from "../../../schemas/db";
import { paginate, type Keyset } from "../../domain/cursor";
import { statement } from "./communities";
import { createDb, type D1Env } from "./d1";

/**
 * Challenges and members' progress. `challenge_progress.days` is JSON `{day: {v, at}}`: each day's
 * contribution and the `at` of the summary it came from; `value` is their sum, recomputed by the same
 * statement that changes a day, so a replayed or late summary can never count twice.
 */

export type ChallengeRow = typeof challenges.$inferSelect;
export type ChallengeWithMine = ChallengeRow & { myValue: number | null; myReachedAt: number | null };

export async function insertChallenge(env: D1Env, row: ChallengeRow): Promise<void> {
  await createDb(env).insert(challenges).values(row);
}

const withMine = {
  ...getTableColumns(challenges),
  myValue: challengeProgress.value,
  myReachedAt: challengeProgress.reachedAt,
};
const mine = (viewerId: string) =>
  and(eq(challengeProgress.challengeId, challenges.id), eq(challengeProgress.userId, viewerId));

/** The community's challenges, newest first, each with the viewer's own progress. */
export async function challengePage(
  env: D1Env,
  viewerId: string,
  communityId: string,
  page: { limit: number; after?: Keyset },
) {
  const after = page.after
    ? sql`(${challenges.createdAt} < ${page.after.at} OR (${challenges.createdAt} = ${page.after.at} AND ${challenges.id} < ${page.after.id}))`
    : undefined;
  const rows: ChallengeWithMine[] = await createDb(env)
    .select(withMine)
    .from(challenges)
    .leftJoin(challengeProgress, mine(viewerId))
    .where(and(eq(challenges.communityId, communityId), after))
    .orderBy(desc(challenges.createdAt), desc(challenges.id))
    .limit(page.limit + 1);
  return paginate(rows, page.limit, (r) => ({ at: r.createdAt, id: r.id }));
}

export async function challengeById(env: D1Env, viewerId: string, id: string): Promise<ChallengeWithMine | undefined> {
  const [row] = await createDb(env)
    .select(withMine)
    .from(challenges)
    .leftJoin(challengeProgress, mine(viewerId))
    .where(eq(challenges.id, id))
    .limit(1);
  return row;
}

/** Challenges of the user's communities whose window holds `at` and whose results are not final yet. */
export async function openChallengesOf(env: D1Env, userId: string, at: number): Promise<ChallengeRow[]> {
  return createDb(env)
    .select(getTableColumns(challenges))
    .from(communityMembers)
    .innerJoin(challenges, eq(challenges.communityId, communityMembers.communityId))
    .where(
      and(
        eq(communityMembers.userId, userId),
        lte(challenges.startAt, at),
        sql`${challenges.endAt} > ${at}`,
        isNull(challenges.endedNotifiedAt),
      ),
    );
}

export type DayUpdate = {
  challengeId: string;
  day: string;
  /** What the day adds to the sum. */
  contribution: number;
  /** The summary's `at`: a day's summary replaces an older one and never a newer one. */
  at: number;
  /** The sum at which the target is reached (target × weeks elapsed for a per-week metric). */
  reachAt: number;
};

/**
 * Stores each day's contribution and recomputes the sums, one upsert per challenge in one batch. A
 * summary no newer than the one already stored for its day leaves the day and the sum alone; it only
 * sets `reached_at` when the sum already reaches the target and none is set (after `unmarkReached`
 * undid a reach whose notice failed, so the redelivered message reaches it again). Returns, per row
 * written, the sum and whether this write reached the target.
 */
export async function applyDay(
  env: D1Env,
  userId: string,
  updates: DayUpdate[],
  now: number,
): Promise<{ challengeId: string; value: number; reachedNow: boolean }[]> {
  if (updates.length === 0) return [];
  const statements = updates.map((u) => {
    const path = `$."${u.day}"`;
    const entry = JSON.stringify({ v: u.contribution, at: u.at });
    const newer = sql`(coalesce(json_extract(challenge_progress.days, ${`${path}.at`}), -1) < ${u.at})`;
    const days = sql`json_set(challenge_progress.days, ${path}, json(${entry}))`;
    const total = sql`(SELECT total(json_extract(j.value, '$.v')) FROM json_each(${days}) AS j)`;
    const value = sql`(CASE WHEN ${newer} THEN ${total} ELSE challenge_progress.value END)`;
    return statement(
      env,
      sql`
      INSERT INTO challenge_progress (challenge_id, user_id, value, days, reached_at, updated_at)
      VALUES (${u.challengeId}, ${userId}, ${u.contribution}, json_object(${u.day}, json(${entry})),
        CASE WHEN ${u.contribution} >= ${u.reachAt} THEN ${now} END, ${now})
      ON CONFLICT (challenge_id, user_id) DO UPDATE SET
        days = CASE WHEN ${newer} THEN ${days} ELSE challenge_progress.days END,
        value = ${value},
        reached_at = coalesce(challenge_progress.reached_at, CASE WHEN ${value} >= ${u.reachAt} THEN ${now} END),
        updated_at = ${now}
      WHERE ${newer} OR (challenge_progress.reached_at IS NULL AND challenge_progress.value >= ${u.reachAt})
      RETURNING challenge_id, value, reached_at`,
    );
  });
  const results = await env.DB.batch<{ challenge_id: string; value: number; reached_at: number | null }>(statements);
  return results.flatMap((result) =>
    result.results.map((r) => ({ challengeId: r.challenge_id, value: r.value, reachedNow: r.reached_at === now })),
  );
}

/** Undoes a reach written at `at` whose notice could not be sent, so the message's retry sends it. */
export async function unmarkReached(env: D1Env, challengeId: string, userId: string, at: number): Promise<void> {
  await createDb(env)
    .update(challengeProgress)
    .set({ reachedAt: null })
    .where(
      and(
        eq(challengeProgress.challengeId, challengeId),
        eq(challengeProgress.userId, userId),
        eq(challengeProgress.reachedAt, at),
      ),
    );
}

/** A leaderboard position: after the entry `after` in (value desc, reached_at asc with none last, user_id). */
export type StandingKey = { value: number; reachedAt: number | null; userId: string };
export type Standing = StandingKey & { hidden: boolean };

const NEVER = 8_640_000_000_000_000;
const reachedKey = sql`coalesce(${challengeProgress.reachedAt}, ${NEVER})`;

/**
 * Current members' progress in leaderboard order. Members whose life-log is `private` are left out
 * for everyone but themselves (`viewerId`; null for the end-of-challenge pass, which keeps them and marks
 * them `hidden`). `proGate` names the reader of a Pro-only community: the rows come back only when that
 * community is not Pro-only or the reader is Pro.
 */
export async function standings(
  env: D1Env,
  q: {
    challengeId: string;
    communityId: string;
    viewerId: string | null;
    limit: number;
    after?: StandingKey;
  },
): Promise<Standing[]> {
  const after = q.after
    ? sql`(${challengeProgress.value} < ${q.after.value} OR (${challengeProgress.value} = ${q.after.value} AND
        (${reachedKey} > ${q.after.reachedAt ?? NEVER} OR (${reachedKey} = ${q.after.reachedAt ?? NEVER}
          AND ${challengeProgress.userId} > ${q.after.userId}))))`
    : undefined;
  const hidden = sql<number>`coalesce(${lifelogVisibility.visibility} = 'private', 0)`;
  const visible: SQL | undefined =
    q.viewerId === null ? undefined : sql`(${hidden} = 0 OR ${challengeProgress.userId} = ${q.viewerId})`;
  const gate: SQL | undefined =
    q.viewerId === null
      ? undefined
      : sql`EXISTS (SELECT 1 FROM ${communities} WHERE ${communities.id} = ${q.communityId} AND (${communities.proOnly} = 0
          OR EXISTS (SELECT 1 FROM ${users} WHERE ${users.id} = ${q.viewerId} AND ${users.tier} = 'pro')))`;
  const rows = await createDb(env)
    .select({
      userId: challengeProgress.userId,
      value: challengeProgress.value,
      reachedAt: challengeProgress.reachedAt,
      hidden,
    })
    .from(challengeProgress)
    .innerJoin(
      communityMembers,
      and(eq(communityMembers.communityId, q.communityId), eq(communityMembers.userId, challengeProgress.userId)),
    )
    .leftJoin(lifelogVisibility, eq(lifelogVisibility.userId, challengeProgress.userId))
    .where(and(eq(challengeProgress.challengeId, q.challengeId), visible, gate, after))
    .orderBy(desc(challengeProgress.value), asc(reachedKey), asc(challengeProgress.userId))
    .limit(q.limit);
  return rows.map((r) => ({ ...r, hidden: Boolean(r.hidden) }));
}

/** Challenges that ended by `now` and have not sent their final ranks, oldest end first. */
export async function endedChallenges(env: D1Env, now: number, limit: number): Promise<ChallengeRow[]> {
  return createDb(env)
    .select()
    .from(challenges)
    .where(and(lte(challenges.endAt, now), isNull(challenges.endedNotifiedAt)))
    .orderBy(asc(challenges.endAt))
    .limit(limit);
}

/** Marks a challenge's final ranks as sent; false when another run already did. */
export async function claimEnded(env: D1Env, id: string, now: number): Promise<boolean> {
  const rows = await createDb(env)
    .update(challenges)
    .set({ endedNotifiedAt: now })
    .where(and(eq(challenges.id, id), isNull(challenges.endedNotifiedAt)))
    .returning({ id: challenges.id });
  return rows.length > 0;
}
