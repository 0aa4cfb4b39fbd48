import type { Moderation } from "../../../schemas/social";
import type { D1Env } from "./d1";
import { LOCKED, SCORE_UPDATE, VISIBLE, WRITABLE } from "./posts";

export type CommentRow = {
  id: string;
  post_id: string;
  author_id: string;
  body: string;
  moderation: Moderation;
  moderation_reason: string | null;
  created_at: number;
};
export type PostAccess = { visible: 0 | 1; locked: 0 | 1 };

const ACCESS = `SELECT ${VISIBLE} AS visible, ${LOCKED} AS locked FROM posts p WHERE p.id = ?2`;

/**
 * Stores the comment on a post the viewer may see, recounts the approved comments and the rank, in one
 * batch. Returns whether the post is visible and locked for the author (undefined: no such post).
 */
export async function insertComment(
  env: D1Env,
  comment: {
    id: string;
    postId: string;
    authorId: string;
    body: string;
    moderation: Moderation;
    reason: string | null;
  },
  now: number,
): Promise<PostAccess | undefined> {
  const db = env.DB;
  const results = await db.batch([
    db
      .prepare(
        `INSERT INTO comments (id, post_id, author_id, body, moderation, moderation_reason, created_at)
          SELECT ?3, ?2, ?1, ?4, ?5, ?6, ?7 WHERE ${WRITABLE}`,
      )
      .bind(comment.authorId, comment.postId, comment.id, comment.body, comment.moderation, comment.reason, now),
    db
      .prepare(
        `UPDATE posts SET comment_count = (SELECT count(*) FROM comments WHERE post_id = ?1 AND moderation = 'approved')
          WHERE id = ?1`,
      )
      .bind(comment.postId),
    db.prepare(SCORE_UPDATE).bind(comment.postId),
    db.prepare(ACCESS).bind(comment.authorId, comment.postId),
  ]);
  return results[3]!.results[0] as PostAccess | undefined;
}

/**
 * A page of the post's comments, oldest first after `after` (created_at, id): approved ones, and the
 * viewer's own in any state. The comments are read only while the post is visible and not locked for the
 * viewer (the same transaction answers whether it is).
 */
export async function commentsPage(
  env: D1Env,
  viewerId: string,
  postId: string,
  page: { limit: number; after?: { at: number; id: string } },
): Promise<{ access: PostAccess | undefined; rows: CommentRow[] }> {
  const db = env.DB;
  const after = page.after ? `AND (c.created_at > ?4 OR (c.created_at = ?4 AND c.id > ?5))` : "";
  const params: unknown[] = [viewerId, postId, page.limit + 1];
  if (page.after) params.push(page.after.at, page.after.id);
  const [access, rows] = await db.batch([
    db.prepare(ACCESS).bind(viewerId, postId),
    db
      .prepare(
        `SELECT c.id, c.post_id, c.author_id, c.body, c.moderation, c.moderation_reason, c.created_at FROM comments c
          WHERE c.post_id = ?2 AND (c.moderation = 'approved' OR c.author_id = ?1) ${after}
            AND EXISTS (SELECT 1 FROM posts p WHERE p.id = ?2 AND ${VISIBLE} AND NOT ${LOCKED})
          ORDER BY c.created_at, c.id LIMIT ?3`,
      )
      .bind(...params),
  ]);
  return { access: access!.results[0] as PostAccess | undefined, rows: rows!.results as CommentRow[] };
}
