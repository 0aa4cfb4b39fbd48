import { scoreSql } from "../../domain/social/rank";
import type { D1Env } from "./d1";
import { outboxOf } from "./posts";

/**
 * Erasing one person from D1 (DELETE /v1/me). Every function is idempotent: a step that crashed half-way
 * runs again and removes what is left. Counts are rows removed per table, for the erasure receipt.
 * Shared records stay exact: counters on other people's posts and communities are recounted in the same
 * batch (one transaction) as the rows they count.
 */

export type Counts = Record<string, number>;

/** Rows deleted per statement (D1 limits one statement's work); each table is emptied in a loop. */
const CHUNK = 2_000;

/** Tables keyed by the person alone: `[table, column]`, deleted in chunks. `users` goes last. */
const OWN_ROWS: readonly (readonly [string, string])[] = [
  ["item_events", "user_id"],
  ["item_interest", "user_id"],
  ["coach_sessions", "user_id"],
  ["request_logs", "user_id"],
  ["reports", "user_id"],
  ["retrospects", "user_id"],
  ["jobs", "user_id"],
  ["resumes", "user_id"],
  ["activity_events", "user_id"],
  ["activity_days", "user_id"],
  ["timeline_days", "user_id"],
  ["lifelog_visibility", "user_id"],
  ["user_labels", "user_id"],
  ["label_verifications", "user_id"],
  ["label_follows", "user_id"],
  ["challenge_progress", "user_id"],
  ["analytics_reports", "user_id"],
  ["usage_counters", "user_id"],
  ["user_entitlements", "user_id"],
  ["feed_inbox", "user_id"],
  ["users", "id"],
];

/** What the erasure must capture before D1 forgets it: the ids of actors and the addresses mailed. */
export async function erasureTargets(
  env: D1Env,
  userId: string,
): Promise<{ sessionIds: string[]; jobIds: string[]; emails: string[] }> {
  const db = env.DB;
  const [sessions, jobs, reports, emails] = await db.batch<{ id: string }>([
    db.prepare(`SELECT id FROM coach_sessions WHERE user_id = ?`).bind(userId),
    db.prepare(`SELECT id FROM jobs WHERE user_id = ?`).bind(userId),
    db.prepare(`SELECT id FROM analytics_reports WHERE user_id = ?`).bind(userId),
    db
      .prepare(
        `SELECT email AS id FROM users WHERE id = ?1 AND email IS NOT NULL
         UNION SELECT email FROM label_verifications WHERE user_id = ?1`,
      )
      .bind(userId),
  ]);
  const ids = (r: D1Result<{ id: string }> | undefined) => (r?.results ?? []).map((row) => row.id);
  return { sessionIds: ids(sessions), jobIds: [...ids(jobs), ...ids(reports)], emails: ids(emails) };
}

const changes = (r: D1Result | undefined) => r?.meta.changes ?? 0;
const SCORE = scoreSql("created_at", "reaction_count", "comment_count");

/** The person's reactions and comments on other people's posts, with those posts' counters and ranks. */
async function eraseInteractions(env: D1Env, userId: string, counts: Counts): Promise<void> {
  const db = env.DB;
  const [, , reactions] = await db.batch([
    db
      .prepare(
        `UPDATE posts SET reaction_count = (SELECT count(*) FROM reactions r WHERE r.post_id = posts.id AND r.user_id <> ?1)
         WHERE id IN (SELECT post_id FROM reactions WHERE user_id = ?1)`,
      )
      .bind(userId),
    db
      .prepare(`UPDATE posts SET score = ${SCORE} WHERE id IN (SELECT post_id FROM reactions WHERE user_id = ?1)`)
      .bind(userId),
    db.prepare(`DELETE FROM reactions WHERE user_id = ?1`).bind(userId),
  ]);
  const [, , comments] = await db.batch([
    db
      .prepare(
        `UPDATE posts SET comment_count = (SELECT count(*) FROM comments c
           WHERE c.post_id = posts.id AND c.moderation = 'approved' AND c.author_id <> ?1)
         WHERE id IN (SELECT post_id FROM comments WHERE author_id = ?1)`,
      )
      .bind(userId),
    db
      .prepare(`UPDATE posts SET score = ${SCORE} WHERE id IN (SELECT post_id FROM comments WHERE author_id = ?1)`)
      .bind(userId),
    db.prepare(`DELETE FROM comments WHERE author_id = ?1`).bind(userId),
  ]);
  counts["d1.reactions"] = (counts["d1.reactions"] ?? 0) + changes(reactions);
  counts["d1.comments"] = (counts["d1.comments"] ?? 0) + changes(comments);
}

/** The person's posts, with everything hanging off them (others' reactions, comments and inbox copies). */
async function erasePosts(env: D1Env, userId: string, counts: Counts): Promise<void> {
  const db = env.DB;
  const theirs = `post_id IN (SELECT id FROM posts WHERE author_id = ?1)`;
  const [inbox, outbox, reactions, comments, posts] = await db.batch([
    db.prepare(`DELETE FROM feed_inbox WHERE ${theirs}`).bind(userId),
    db.prepare(`DELETE FROM feed_inbox WHERE user_id = ?1`).bind(outboxOf(userId)),
    db.prepare(`DELETE FROM reactions WHERE ${theirs}`).bind(userId),
    db.prepare(`DELETE FROM comments WHERE ${theirs}`).bind(userId),
    db.prepare(`DELETE FROM posts WHERE author_id = ?1`).bind(userId),
  ]);
  counts["d1.feed_inbox"] = (counts["d1.feed_inbox"] ?? 0) + changes(inbox) + changes(outbox);
  counts["d1.reactions"] = (counts["d1.reactions"] ?? 0) + changes(reactions);
  counts["d1.comments"] = (counts["d1.comments"] ?? 0) + changes(comments);
  counts["d1.posts"] = changes(posts);
}

/**
 * Follows both ways, and communities: one the person owns passes to its longest-standing other member
 * (moderators first); one with no other member is deleted with its challenges. Challenges the person
 * created name the community's owner instead. Member counts are recounted in the same batch.
 */
async function eraseGraph(env: D1Env, userId: string, counts: Counts): Promise<void> {
  const db = env.DB;
  const heir = `(SELECT m.user_id FROM community_members m WHERE m.community_id = communities.id AND m.user_id <> ?1
      ORDER BY m.role = 'owner' DESC, m.role = 'moderator' DESC, m.joined_at, m.user_id LIMIT 1)`;
  const orphan = `SELECT id FROM communities WHERE owner_id = ?1`;
  const results = await db.batch([
    db.prepare(`DELETE FROM follows WHERE follower_id = ?1 OR followee_id = ?1`).bind(userId),
    db.prepare(`UPDATE communities SET owner_id = ${heir} WHERE owner_id = ?1 AND ${heir} IS NOT NULL`).bind(userId),
    db
      .prepare(
        `UPDATE community_members SET role = 'owner' WHERE role <> 'owner'
         AND user_id = (SELECT owner_id FROM communities c WHERE c.id = community_members.community_id)
         AND community_id IN (SELECT community_id FROM community_members WHERE user_id = ?1)`,
      )
      .bind(userId),
    db
      .prepare(
        `DELETE FROM challenge_progress WHERE challenge_id IN (SELECT id FROM challenges WHERE community_id IN (${orphan}))`,
      )
      .bind(userId),
    db.prepare(`DELETE FROM challenges WHERE community_id IN (${orphan})`).bind(userId),
    db.prepare(`DELETE FROM community_members WHERE community_id IN (${orphan})`).bind(userId),
    db.prepare(`DELETE FROM communities WHERE owner_id = ?1`).bind(userId),
    db
      .prepare(
        `UPDATE challenges SET created_by = (SELECT owner_id FROM communities c WHERE c.id = challenges.community_id)
         WHERE created_by = ?1`,
      )
      .bind(userId),
    db
      .prepare(
        `UPDATE communities SET member_count = (SELECT count(*) FROM community_members m
           WHERE m.community_id = communities.id AND m.user_id <> ?1)
         WHERE id IN (SELECT community_id FROM community_members WHERE user_id = ?1)`,
      )
      .bind(userId),
    db.prepare(`DELETE FROM community_members WHERE user_id = ?1`).bind(userId),
  ]);
  counts["d1.follows"] = changes(results[0]);
  counts["d1.communities"] = changes(results[6]);
  counts["d1.challenges"] = changes(results[4]);
  counts["d1.community_members"] = changes(results[5]) + changes(results[9]);
}

/** Deletes `table`'s rows of the person in chunks; returns how many went. */
async function eraseOwn(env: D1Env, table: string, column: string, userId: string): Promise<number> {
  let total = 0;
  for (;;) {
    const result = await env.DB.prepare(
      `DELETE FROM ${table} WHERE rowid IN (SELECT rowid FROM ${table} WHERE ${column} = ?1 LIMIT ${CHUNK})`,
    )
      .bind(userId)
      .run();
    total += changes(result);
    if (changes(result) < CHUNK) return total;
  }
}

/**
 * Every D1 row of the person: social records first (recounting what others see), then the person's own
 * tables, the mail sent to their addresses and dead letters that carried their id.
 */
export async function eraseFromD1(env: D1Env, userId: string, emails: readonly string[]): Promise<Counts> {
  const counts: Counts = {};
  await eraseInteractions(env, userId, counts);
  await erasePosts(env, userId, counts);
  await eraseGraph(env, userId, counts);
  for (const [table, column] of OWN_ROWS) {
    const n = await eraseOwn(env, table, column, userId);
    counts[`d1.${table}`] = (counts[`d1.${table}`] ?? 0) + n;
  }
  let mail = 0;
  for (const address of emails) mail += await eraseOwn(env, "email_outbox", "to_address", address);
  counts["d1.email_outbox"] = mail;
  // a queue message that dead-lettered carries the id inside its JSON body, quoted
  const dead = await env.DB.prepare(`DELETE FROM dead_letters WHERE instr(body, ?1) > 0`)
    .bind(JSON.stringify(userId))
    .run();
  counts["d1.dead_letters"] = changes(dead);
  return counts;
}
