import type { PostVisibility, ReactionType } from "../../../schemas/social";
import { scoreSql } from "../../domain/social/rank";
import type { D1Env } from "./d1";

// Raw D1 statements: the visibility rule below is one SQL fragment shared by every read and every
// write that touches a post for a viewer, so no route can read around it. `?1` is always the viewer.

/**
 * The viewer may see the post: their own; otherwise not removed by a moderator and either public or
 * for followers while the viewer follows the author (checked now, so an unfollow hides them at once).
 */
export const VISIBLE = `(p.author_id = ?1 OR (p.removed_at IS NULL AND (p.visibility = 'public'
  OR (p.visibility = 'followers' AND EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = ?1 AND f.followee_id = p.author_id)))))`;

/** A post of a Pro-only community that a non-Pro viewer (other than its author) may not read: 402. */
export const LOCKED = `(p.community_id IS NOT NULL AND p.author_id <> ?1
  AND EXISTS (SELECT 1 FROM communities c WHERE c.id = p.community_id AND c.pro_only = 1)
  AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = ?1 AND u.tier = 'pro'))`;

/** A post the viewer may react to or comment on: visible and not locked. */
export const WRITABLE = `EXISTS (SELECT 1 FROM posts p WHERE p.id = ?2 AND ${VISIBLE} AND NOT ${LOCKED})`;

/** The author's outbox in feed_inbox: a post by an author above the fan-out threshold is written here once. */
export const outboxOf = (authorId: string) => `~out/${authorId}`;
const OUTBOX = `'~out/' || `;

export type PostRow = {
  id: string;
  author_id: string;
  body: string;
  visibility: PostVisibility;
  community_id: string | null;
  snapshot: string | null;
  comment_count: number;
  created_at: number;
  locked: 0 | 1;
};
export type ReactionTally = { post_id: string; type: ReactionType; n: number; mine: 0 | 1 };

export type NewPost = {
  id: string;
  authorId: string;
  body: string;
  visibility: PostVisibility;
  communityId: string | null;
  snapshot: string | null;
  score: number;
  createdAt: number;
};

/**
 * Writes the post and, for a non-private post outside a community, fans it out in the same batch (one
 * transaction): to every follower's inbox when the author has at most `fanoutMax` followers, otherwise
 * once to the author's outbox, which followers read on the fly. Counting stops at `fanoutMax + 1`.
 */
export async function insertPost(env: D1Env, post: NewPost, fanoutMax: number): Promise<void> {
  const db = env.DB;
  const statements = [
    db
      .prepare(
        `INSERT INTO posts (id, author_id, body, visibility, community_id, snapshot, reaction_count, comment_count,
          score, removed_at, created_at) VALUES (?, ?, ?, ?, ?, ?, 0, 0, ?, NULL, ?)`,
      )
      .bind(
        post.id,
        post.authorId,
        post.body,
        post.visibility,
        post.communityId,
        post.snapshot,
        post.score,
        post.createdAt,
      ),
  ];
  if (post.visibility !== "private" && post.communityId === null) {
    const followers = `(SELECT count(*) FROM (SELECT 1 FROM follows WHERE followee_id = ?1 LIMIT ?4))`;
    statements.push(
      db
        .prepare(
          `INSERT OR IGNORE INTO feed_inbox (user_id, post_id, created_at)
            SELECT follower_id, ?2, ?3 FROM follows WHERE followee_id = ?1 AND ${followers} <= ?5`,
        )
        .bind(post.authorId, post.id, post.createdAt, fanoutMax + 1, fanoutMax),
      db
        .prepare(
          `INSERT OR IGNORE INTO feed_inbox (user_id, post_id, created_at)
            SELECT ${OUTBOX}?1, ?2, ?3 WHERE ${followers} > ?5`,
        )
        .bind(post.authorId, post.id, post.createdAt, fanoutMax + 1, fanoutMax),
    );
  }
  await db.batch(statements);
}

/**
 * The posts among `ids` the viewer may see (with `locked` for Pro-only community posts they may not
 * read), and the reaction tallies of those ids with the viewer's own: one batch, two indexed statements.
 * The ids drive the join (CROSS JOIN keeps SQLite from reordering it): with `id IN (…) AND <visibility>`
 * SQLite chose to scan the visibility index over every public and followers-only post instead.
 */
export async function visiblePosts(
  env: D1Env,
  viewerId: string,
  ids: string[],
): Promise<{ posts: PostRow[]; tallies: ReactionTally[] }> {
  if (ids.length === 0) return { posts: [], tallies: [] };
  const list = JSON.stringify(ids);
  const [posts, tallies] = await env.DB.batch([
    env.DB.prepare(
      `SELECT p.id, p.author_id, p.body, p.visibility, p.community_id, p.snapshot, p.comment_count, p.created_at,
          ${LOCKED} AS locked
        FROM json_each(?2) j CROSS JOIN posts p ON p.id = j.value WHERE ${VISIBLE}`,
    ).bind(viewerId, list),
    env.DB.prepare(
      `SELECT r.post_id, r.type, count(*) AS n, max(r.user_id = ?1) AS mine FROM reactions r
        WHERE r.post_id IN (SELECT p.id FROM json_each(?2) j CROSS JOIN posts p ON p.id = j.value
          WHERE ${VISIBLE} AND NOT ${LOCKED})
        GROUP BY r.post_id, r.type`,
    ).bind(viewerId, list),
  ]);
  return { posts: posts!.results as PostRow[], tallies: tallies!.results as ReactionTally[] };
}

/**
 * Deletes the author's post with its inbox rows, reactions and comments in one batch. Each child delete
 * runs only while the post is the author's, so another user's id deletes nothing. False: not theirs.
 */
export async function deleteOwnPost(env: D1Env, authorId: string, id: string): Promise<boolean> {
  const db = env.DB;
  const mine = `EXISTS (SELECT 1 FROM posts WHERE id = ?1 AND author_id = ?2)`;
  const results = await db.batch([
    db.prepare(`DELETE FROM feed_inbox WHERE post_id = ?1 AND ${mine}`).bind(id, authorId),
    db.prepare(`DELETE FROM reactions WHERE post_id = ?1 AND ${mine}`).bind(id, authorId),
    db.prepare(`DELETE FROM comments WHERE post_id = ?1 AND ${mine}`).bind(id, authorId),
    db.prepare(`DELETE FROM posts WHERE id = ?1 AND author_id = ?2 RETURNING id`).bind(id, authorId),
  ]);
  return (results[3]!.results?.length ?? 0) > 0;
}

/**
 * Sets the post's rank from its counters (domain/social/rank.ts `postScore`, as SQL); runs in the batch
 * right after the counters change, so the stored rank always matches them.
 */
export const SCORE_UPDATE = `UPDATE posts SET score = ${scoreSql("created_at", "reaction_count", "comment_count")} WHERE id = ?1`;
