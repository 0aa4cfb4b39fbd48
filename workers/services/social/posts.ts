import { type Post, type PostCreate, type PostSnapshot, type ReactionType } from "../../../schemas/social";
import { FANOUT_MAX_FOLLOWERS, postScore } from "../../domain/social/rank";
import { buildSnapshot, SnapshotRefused } from "../../domain/social/snapshot";
import type { AppEnv } from "../../env";
import { NotFoundError, PaymentRequiredError, RuleViolationError, ValidationError } from "../../errors";
import { deleteOwnPost, insertPost, visiblePosts, type PostRow, type ReactionTally } from "../../ports/db/posts";
import { findUser } from "../../ports/db/users";

/**
 * Writes a post. A snapshot (`timelineEntryId` or `day`) is taken from the author's life-log actor and
 * shaped by their privacy level (domain/social/snapshot.ts). A community post (`communityId`, used by
 * the communities service) is stored `public` with its community and never fanned out to feeds.
 */
export async function createPost(
  env: AppEnv,
  authorId: string,
  input: PostCreate,
  opts: { communityId?: string } = {},
): Promise<{ id: string }> {
  if (input.timelineEntryId !== undefined && input.day !== undefined)
    throw new ValidationError("a post shares one entry or one day, not both", [
      { path: "day", message: "give either timelineEntryId or day" },
    ]);
  const communityId = opts.communityId ?? null;
  const visibility = communityId === null ? input.visibility : "public";
  const snapshot = await snapshotFor(env, authorId, input, visibility);
  const id = crypto.randomUUID();
  const now = Date.now();
  await insertPost(
    env,
    {
      id,
      authorId,
      body: input.body,
      visibility,
      communityId,
      snapshot: snapshot === null ? null : JSON.stringify(snapshot),
      score: postScore(now, 0, 0),
      createdAt: now,
    },
    FANOUT_MAX_FOLLOWERS,
  );
  return { id };
}

async function snapshotFor(
  env: AppEnv,
  authorId: string,
  input: PostCreate,
  visibility: Post["visibility"],
): Promise<PostSnapshot | null> {
  if (input.timelineEntryId === undefined && input.day === undefined) return null;
  // the author's zone: their profile's, else the one their life-log last counted days in
  const timezone = (await findUser(env, authorId))?.timezone ?? null;
  const actor = env.LIFELOG.get(env.LIFELOG.idFromName(authorId));
  const source = await actor.snapshot(authorId, { entryId: input.timelineEntryId, day: input.day }, timezone);
  try {
    return buildSnapshot(source, visibility);
  } catch (error) {
    if (error instanceof SnapshotRefused) throw new RuleViolationError(error.message);
    throw error;
  }
}

/** The post, when the viewer may see it; 404 otherwise, 402 for a Pro-only community's post read by Free. */
export async function getPost(env: AppEnv, viewerId: string, id: string): Promise<Post> {
  const { posts, tallies } = await visiblePosts(env, viewerId, [id]);
  const row = posts[0];
  if (!row) throw new NotFoundError("no such post");
  if (row.locked) throw proOnly();
  return toPost(row, tallies);
}

/** The visible, readable posts among `ids` (batch loader: one D1 batch whatever the number of ids). */
export async function postsByIds(env: AppEnv, viewerId: string, ids: string[]): Promise<Map<string, Post>> {
  const unique = [...new Set(ids)];
  const found = new Map<string, Post>();
  for (let i = 0; i < unique.length; i += 100) {
    const { posts, tallies } = await visiblePosts(env, viewerId, unique.slice(i, i + 100));
    for (const row of posts) if (!row.locked) found.set(row.id, toPost(row, tallies));
  }
  return found;
}

/** Deletes the author's post with its inbox rows, reactions and comments; anyone else's id is a 404. */
export async function deletePost(env: AppEnv, authorId: string, id: string): Promise<void> {
  if (!(await deleteOwnPost(env, authorId, id))) throw new NotFoundError("no such post of yours");
}

export const proOnly = () =>
  new PaymentRequiredError("this post belongs to a Pro-only community: upgrade to Pro to read it", "pro_communities");

function toPost(row: PostRow, tallies: ReactionTally[]): Post {
  const reactions: Record<ReactionType, number> = { like: 0, cheer: 0, insight: 0 };
  const mine: ReactionType[] = [];
  for (const t of tallies) {
    if (t.post_id !== row.id) continue;
    reactions[t.type] = t.n;
    if (t.mine) mine.push(t.type);
  }
  return {
    id: row.id,
    authorId: row.author_id,
    body: row.body,
    visibility: row.visibility,
    communityId: row.community_id,
    snapshot: row.snapshot === null ? null : (JSON.parse(row.snapshot) as PostSnapshot),
    reactions,
    myReactions: mine.sort(),
    commentCount: row.comment_count,
    createdAt: new Date(row.created_at).toISOString(),
  };
}
