import type {
  Community,
  CommunityCreate,
  CommunityMember,
  CommunityPostCreate,
  MemberUpdate,
} from "../../../schemas/communities";
import type { Post } from "../../../schemas/social";
import { decodeCursor, KeysetSchema, type Keyset } from "../../domain/cursor";
import type { AppEnv } from "../../env";
import { ForbiddenError, NotFoundError, PaymentRequiredError, RuleViolationError, ValidationError } from "../../errors";
import {
  addMember,
  communityById,
  communityPage,
  communityPostIds,
  deleteMember,
  insertCommunity,
  markPostRemoved,
  memberOf,
  updateRole,
  type CommunityRow,
} from "../../ports/db/communities";
import { findUser } from "../../ports/db/users";
import { createPost, postsByIds } from "./posts";

/**
 * Communities and their roles: owners promote and demote; owners and moderators remove members and posts.
 * A Pro-only community is listed for everyone, but joining it, posting in it and reading its posts,
 * challenges and leaderboards need Pro (402 with `upgrade: true`, limit `pro_communities`); the gate is
 * checked here and again by the statements that read or write the data (ports/db/communities.ts).
 */

export const PRO_LIMIT = "pro_communities";
export type PageInput = { limit: number; cursor?: string };

export const isPro = async (env: AppEnv, userId: string) => (await findUser(env, userId))?.tier === "pro";

/** Decodes a list's `cursor`; anything this list did not issue is a 400. */
export function keysetOf(cursor: string | undefined): Keyset | undefined {
  if (cursor === undefined) return undefined;
  const after = decodeCursor(cursor, KeysetSchema);
  if (!after)
    throw new ValidationError("the cursor is not from this list", [{ path: "cursor", message: "invalid cursor" }]);
  return after;
}

export const toCommunity = (row: CommunityRow): Community => ({
  id: row.id,
  title: row.title,
  description: row.description,
  ownerId: row.ownerId,
  proOnly: row.proOnly,
  memberCount: row.memberCount,
  myRole: row.myRole,
  createdAt: new Date(row.createdAt).toISOString(),
});

export async function createCommunity(env: AppEnv, ownerId: string, input: CommunityCreate): Promise<{ id: string }> {
  if (input.proOnly && !(await isPro(env, ownerId)))
    throw new PaymentRequiredError("creating a Pro-only community needs Edge Coach Pro", PRO_LIMIT);
  const id = crypto.randomUUID();
  await insertCommunity(env, {
    id,
    title: input.title,
    description: input.description ?? "",
    ownerId,
    proOnly: input.proOnly ?? false,
    createdAt: Date.now(),
  });
  return { id };
}

export async function listCommunities(
  env: AppEnv,
  viewerId: string,
  page: PageInput,
): Promise<{ items: Community[]; nextCursor: string | null }> {
  const rows = await communityPage(env, viewerId, { limit: page.limit, after: keysetOf(page.cursor) });
  return { items: rows.items.map(toCommunity), nextCursor: rows.nextCursor };
}

/** The community (every signed-in user may see that it exists); 404 for an unknown id. */
export async function communityRow(env: AppEnv, viewerId: string, id: string): Promise<CommunityRow> {
  const row = await communityById(env, viewerId, id);
  if (!row) throw new NotFoundError("no such community");
  return row;
}

export async function getCommunity(env: AppEnv, viewerId: string, id: string): Promise<Community> {
  return toCommunity(await communityRow(env, viewerId, id));
}

/** What reading a community's content needs: Pro for a Pro-only community, for members and others alike. */
export async function requireReader(env: AppEnv, viewerId: string, id: string): Promise<CommunityRow> {
  const row = await communityRow(env, viewerId, id);
  if (row.proOnly && !(await isPro(env, viewerId)))
    throw new PaymentRequiredError("this community is for Edge Coach Pro members", PRO_LIMIT);
  return row;
}

/** Joining twice is one membership. A Free user on a Pro-only community: 402. */
export async function joinCommunity(env: AppEnv, userId: string, id: string): Promise<Community> {
  const row = await communityRow(env, userId, id);
  if (row.myRole) return toCommunity(row);
  if (row.proOnly && !(await isPro(env, userId)))
    throw new PaymentRequiredError("joining this community needs Edge Coach Pro", PRO_LIMIT);
  await addMember(env, id, userId, Date.now());
  const after = await communityRow(env, userId, id);
  // the insert re-checks the tier: a downgrade between the two reads lands here
  if (!after.myRole) throw new PaymentRequiredError("joining this community needs Edge Coach Pro", PRO_LIMIT);
  return toCommunity(after);
}

/** Leaving when not a member changes nothing; the last owner cannot leave (422). */
export async function leaveCommunity(env: AppEnv, userId: string, id: string): Promise<Community> {
  const row = await communityRow(env, userId, id);
  if (row.myRole) {
    const { removed } = await deleteMember(env, id, userId);
    if (!removed) throw new RuleViolationError("the last owner cannot leave the community");
  }
  return getCommunity(env, userId, id);
}

const toMember = (userId: string, m: { role: CommunityMember["role"]; joinedAt: number } | undefined) => ({
  userId,
  role: m?.role ?? null,
  joinedAt: m ? new Date(m.joinedAt).toISOString() : null,
});

/**
 * Owners set `moderator` or `member`; owners and moderators set `removed`, but a moderator removes only
 * members. Anyone else: 403. A target who is not a member: 404.
 */
export async function setMemberRole(
  env: AppEnv,
  actorId: string,
  communityId: string,
  targetUserId: string,
  change: MemberUpdate,
): Promise<CommunityMember> {
  const row = await communityRow(env, actorId, communityId);
  const actor = row.myRole;
  if (actor !== "owner" && actor !== "moderator") throw new ForbiddenError("only owners and moderators manage members");
  if (change.role !== "removed" && actor !== "owner") throw new ForbiddenError("only owners promote and demote");
  const target = await memberOf(env, communityId, targetUserId);
  if (!target) throw new NotFoundError("that user is not a member of this community");
  if (change.role === "removed") {
    if (actor === "moderator" && target.role !== "member")
      throw new ForbiddenError("a moderator cannot remove an owner or another moderator");
    const { removed } = await deleteMember(env, communityId, targetUserId);
    if (!removed) throw new RuleViolationError("the last owner cannot be removed");
    return toMember(targetUserId, undefined);
  }
  const updated = await updateRole(env, communityId, targetUserId, change.role);
  if (!updated) throw new RuleViolationError("the last owner cannot be demoted");
  return toMember(targetUserId, updated);
}

/** Members post; others 403; a Free member of a Pro-only community (say, after a downgrade) 402. */
export async function createCommunityPost(
  env: AppEnv,
  authorId: string,
  communityId: string,
  input: CommunityPostCreate,
): Promise<{ id: string }> {
  const row = await communityRow(env, authorId, communityId);
  if (!row.myRole) throw new ForbiddenError("only members post in a community");
  if (row.proOnly && !(await isPro(env, authorId)))
    throw new PaymentRequiredError("posting in this community needs Edge Coach Pro", PRO_LIMIT);
  return createPost(env, authorId, { ...input, visibility: "public" }, { communityId });
}

export async function communityPosts(
  env: AppEnv,
  viewerId: string,
  communityId: string,
  page: PageInput,
): Promise<{ items: Post[]; nextCursor: string | null }> {
  await requireReader(env, viewerId, communityId);
  const ids = await communityPostIds(env, viewerId, communityId, { limit: page.limit, after: keysetOf(page.cursor) });
  const found = await postsByIds(
    env,
    viewerId,
    ids.items.map((p) => p.id),
  );
  return {
    items: ids.items.flatMap((p) => {
      const post = found.get(p.id);
      return post ? [post] : [];
    }),
    nextCursor: ids.nextCursor,
  };
}

/** Owners and moderators remove a post of their community (it stays visible to its author only). */
export async function removeCommunityPost(
  env: AppEnv,
  actorId: string,
  communityId: string,
  postId: string,
): Promise<void> {
  const row = await communityRow(env, actorId, communityId);
  if (row.myRole !== "owner" && row.myRole !== "moderator")
    throw new ForbiddenError("only owners and moderators remove posts");
  if (!(await markPostRemoved(env, communityId, postId, Date.now())))
    throw new NotFoundError("no such post in this community");
}
