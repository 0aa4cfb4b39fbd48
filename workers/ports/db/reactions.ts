import type { ReactionType } from "../../../schemas/social";
import type { D1Env } from "./d1";
import { LOCKED, SCORE_UPDATE, VISIBLE, WRITABLE } from "./posts";

export type ReactionState = { visible: 0 | 1; locked: 0 | 1; count: number; reacted: 0 | 1 };

/**
 * Adds (`on`) or removes the viewer's reaction and recounts the post's reactions and rank, all in one
 * batch (one transaction), so concurrent reactions leave exact counts. The insert only happens on a post
 * the viewer may see and is not locked out of (checked inside the same transaction). Undefined: no such
 * post for this viewer.
 */
export async function setReaction(
  env: D1Env,
  userId: string,
  postId: string,
  type: ReactionType,
  on: boolean,
  now: number,
): Promise<ReactionState | undefined> {
  const db = env.DB;
  const change = on
    ? db
        .prepare(
          `INSERT OR IGNORE INTO reactions (post_id, user_id, type, created_at) SELECT ?2, ?1, ?3, ?4 WHERE ${WRITABLE}`,
        )
        .bind(userId, postId, type, now)
    : db.prepare(`DELETE FROM reactions WHERE post_id = ?2 AND user_id = ?1 AND type = ?3`).bind(userId, postId, type);
  const results = await db.batch([
    change,
    db
      .prepare(`UPDATE posts SET reaction_count = (SELECT count(*) FROM reactions WHERE post_id = ?1) WHERE id = ?1`)
      .bind(postId),
    db.prepare(SCORE_UPDATE).bind(postId),
    db
      .prepare(
        `SELECT ${VISIBLE} AS visible, ${LOCKED} AS locked,
            (SELECT count(*) FROM reactions WHERE post_id = ?2 AND type = ?3) AS count,
            EXISTS (SELECT 1 FROM reactions WHERE post_id = ?2 AND user_id = ?1 AND type = ?3) AS reacted
          FROM posts p WHERE p.id = ?2`,
      )
      .bind(userId, postId, type),
  ]);
  return results[3]!.results[0] as ReactionState | undefined;
}
