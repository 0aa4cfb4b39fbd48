import type { LabelKey } from "../../../schemas/labels";
import type { D1Env } from "./d1";

/** How many of the followee's recent posts a new follow copies into the follower's inbox. */
const BACKFILL = 50;

/**
 * Follows (idempotent) and backfills the follower's inbox with the followee's recent non-private posts
 * outside communities, in one batch; visibility is checked again when the feed is read.
 */
export async function insertFollow(env: D1Env, followerId: string, followeeId: string, now: number): Promise<void> {
  const db = env.DB;
  await db.batch([
    db
      .prepare(`INSERT OR IGNORE INTO follows (follower_id, followee_id, created_at) VALUES (?1, ?2, ?3)`)
      .bind(followerId, followeeId, now),
    db
      .prepare(
        `INSERT OR IGNORE INTO feed_inbox (user_id, post_id, created_at)
          SELECT ?1, id, created_at FROM posts WHERE author_id = ?2 AND visibility <> 'private'
            AND community_id IS NULL ORDER BY created_at DESC LIMIT ?3`,
      )
      .bind(followerId, followeeId, BACKFILL),
  ]);
}

/** Unfollows and takes the followee's posts out of the follower's inbox, in one batch. */
export async function deleteFollow(env: D1Env, followerId: string, followeeId: string): Promise<void> {
  const db = env.DB;
  await db.batch([
    db.prepare(`DELETE FROM follows WHERE follower_id = ?1 AND followee_id = ?2`).bind(followerId, followeeId),
    db
      .prepare(`DELETE FROM feed_inbox WHERE user_id = ?1 AND post_id IN (SELECT id FROM posts WHERE author_id = ?2)`)
      .bind(followerId, followeeId),
  ]);
}

export async function insertLabelFollow(
  env: D1Env,
  userId: string,
  label: { key: LabelKey; value: string; valueKey: string },
  now: number,
): Promise<void> {
  await env.DB.prepare(
    `INSERT OR IGNORE INTO label_follows (user_id, key, value_key, value, created_at) VALUES (?1, ?2, ?3, ?4, ?5)`,
  )
    .bind(userId, label.key, label.valueKey, label.value, now)
    .run();
}

export async function deleteLabelFollow(env: D1Env, userId: string, key: LabelKey, valueKey: string): Promise<void> {
  await env.DB.prepare(`DELETE FROM label_follows WHERE user_id = ?1 AND key = ?2 AND value_key = ?3`)
    .bind(userId, key, valueKey)
    .run();
}
