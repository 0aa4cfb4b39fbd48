import type { D1Env } from "./d1";
import { VISIBLE } from "./posts";

export type Candidate = { id: string; score: number };
export type SourceLimits = { inbox: number; fanIn: number; own: number; labels: number; popular: number };

/** Community posts stay in their community: the feed never holds them. */
const OUTSIDE = `p.community_id IS NULL`;

/**
 * The feed's candidates for a viewer with their stored rank, from five indexed reads in one batch:
 * the viewer's inbox (fan-out), the outboxes of followed authors above the fan-out threshold (fan-in),
 * the viewer's own posts, public posts by public holders of followed labels, and the top public posts.
 * Each read is bounded by its limit and already filtered by the visibility rule.
 */
export async function feedCandidates(env: D1Env, viewerId: string, limits: SourceLimits): Promise<Candidate[]> {
  const db = env.DB;
  const results = await db.batch([
    db
      .prepare(
        `SELECT p.id, p.score FROM feed_inbox i JOIN posts p ON p.id = i.post_id
          WHERE i.user_id = ?1 AND ${OUTSIDE} AND ${VISIBLE} ORDER BY i.created_at DESC LIMIT ?2`,
      )
      .bind(viewerId, limits.inbox),
    db
      .prepare(
        `SELECT p.id, p.score FROM follows fo JOIN feed_inbox i ON i.user_id = '~out/' || fo.followee_id
          JOIN posts p ON p.id = i.post_id
          WHERE fo.follower_id = ?1 AND ${OUTSIDE} AND ${VISIBLE} ORDER BY i.created_at DESC LIMIT ?2`,
      )
      .bind(viewerId, limits.fanIn),
    db
      .prepare(
        `SELECT p.id, p.score FROM posts p WHERE p.author_id = ?1 AND ${OUTSIDE} ORDER BY p.created_at DESC LIMIT ?2`,
      )
      .bind(viewerId, limits.own),
    db
      .prepare(
        `SELECT p.id, p.score FROM label_follows lf
          JOIN user_labels ul ON ul.key = lf.key AND ul.value_key = lf.value_key AND ul.visibility = 'public'
          JOIN posts p ON p.author_id = ul.user_id
          WHERE lf.user_id = ?1 AND p.visibility = 'public' AND p.removed_at IS NULL AND ${OUTSIDE}
          ORDER BY p.created_at DESC LIMIT ?2`,
      )
      .bind(viewerId, limits.labels),
    db
      .prepare(
        `SELECT p.id, p.score FROM posts p WHERE p.visibility = 'public' AND p.removed_at IS NULL AND ${OUTSIDE}
          ORDER BY p.score DESC LIMIT ?2`,
      )
      .bind(viewerId, limits.popular),
  ]);
  return results.flatMap((r) => r.results as Candidate[]);
}
