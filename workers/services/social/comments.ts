import type { Comment, Moderation } from "../../../schemas/social";
import type { AppEnv } from "../../env";
import { NotFoundError } from "../../errors";
import { commentsPage, insertComment, type CommentRow, type PostAccess } from "../../ports/db/comments";
import { createModerator } from "../../ports/moderation";
import { encodeCursor, KeysetSchema } from "../../domain/cursor";
import { cursorOf } from "./cursor";
import { proOnly } from "./posts";

/**
 * Moderates and stores a comment on a post the author may see. Only approved comments count and are
 * shown to others; the author sees their own pending or rejected ones with the reason.
 */
export async function addComment(
  env: AppEnv,
  authorId: string,
  postId: string,
  body: string,
): Promise<{ id: string; moderation: Moderation }> {
  const verdict = await createModerator().check(body);
  const id = crypto.randomUUID();
  const access = await insertComment(
    env,
    { id, postId, authorId, body, moderation: verdict.moderation, reason: verdict.reason },
    Date.now(),
  );
  readable(access);
  return { id, moderation: verdict.moderation };
}

/** The post's comments, oldest first: approved ones and the viewer's own. */
export async function listComments(
  env: AppEnv,
  viewerId: string,
  postId: string,
  page: { limit: number; cursor?: string },
): Promise<{ items: Comment[]; nextCursor: string | null }> {
  const after = cursorOf(page.cursor, KeysetSchema);
  const { access, rows } = await commentsPage(env, viewerId, postId, { limit: page.limit, after });
  readable(access);
  const items = rows.slice(0, page.limit);
  const last = items[items.length - 1];
  return {
    items: items.map((row) => toComment(row, viewerId)),
    nextCursor: rows.length > page.limit && last ? encodeCursor({ at: last.created_at, id: last.id }) : null,
  };
}

function readable(access: PostAccess | undefined): void {
  if (!access?.visible) throw new NotFoundError("no such post");
  if (access.locked) throw proOnly();
}

const toComment = (row: CommentRow, viewerId: string): Comment => ({
  id: row.id,
  postId: row.post_id,
  authorId: row.author_id,
  body: row.body,
  moderation: row.moderation,
  ...(row.author_id === viewerId ? { moderationReason: row.moderation_reason } : {}),
  createdAt: new Date(row.created_at).toISOString(),
});
