import { and, desc, eq, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import { SQLiteAsyncDialect } from "drizzle-orm/sqlite-core";
import { communities, communityMembers, posts, users } from "../../../schemas/db";
import type { CommunityRole } from "../../../schemas/communities";
import { paginate, type Keyset } from "../../domain/cursor";
import { createDb, type D1Env } from "./d1";

/**
 * Communities, their members and the moderation of their posts. `member_count` is recounted in the
 * same batch (one D1 transaction) as every membership change, so it is exact under concurrent joins.
 * Pro-only communities are gated here as well as in the service: the statements that add a member or
 * read posts check the caller's tier themselves.
 */

export type CommunityRow = typeof communities.$inferSelect & { myRole: CommunityRole | null };
export type MemberRow = typeof communityMembers.$inferSelect;
export type PageRequest = { limit: number; after?: Keyset };

const dialect = new SQLiteAsyncDialect();

/**
 * A raw statement for `env.DB.batch`: drizzle 0.45's `db.batch` cannot take `db.run(sql)`, and these
 * statements (INSERT … SELECT, upserts with RETURNING over JSON) are clearer written as SQL.
 */
export function statement(env: D1Env, query: SQL): D1PreparedStatement {
  const built = dialect.sqlToQuery(query);
  return env.DB.prepare(built.sql).bind(...built.params);
}

const recount = (communityId: string) =>
  sql`UPDATE communities SET member_count = (SELECT count(*) FROM community_members WHERE community_id = ${communityId})
      WHERE id = ${communityId}`;

/** True when the user may see Pro-only content: a subquery, so the gate travels inside the statement. */
const isPro = (userId: string) =>
  sql`EXISTS (SELECT 1 FROM ${users} WHERE ${users.id} = ${userId} AND ${users.tier} = 'pro')`;

export async function insertCommunity(
  env: D1Env,
  c: { id: string; title: string; description: string; ownerId: string; proOnly: boolean; createdAt: number },
): Promise<void> {
  const db = createDb(env);
  await db.batch([
    db.insert(communities).values({ ...c, memberCount: 1 }),
    db.insert(communityMembers).values({ communityId: c.id, userId: c.ownerId, role: "owner", joinedAt: c.createdAt }),
  ]);
}

const withRole = {
  id: communities.id,
  title: communities.title,
  description: communities.description,
  ownerId: communities.ownerId,
  proOnly: communities.proOnly,
  memberCount: communities.memberCount,
  createdAt: communities.createdAt,
  myRole: communityMembers.role,
};

/** Newest first, keyset-paginated on (created_at, id), each with the viewer's role. */
export async function communityPage(env: D1Env, viewerId: string, page: PageRequest) {
  const after = page.after
    ? or(
        lt(communities.createdAt, page.after.at),
        and(eq(communities.createdAt, page.after.at), lt(communities.id, page.after.id)),
      )
    : undefined;
  const rows = await createDb(env)
    .select(withRole)
    .from(communities)
    .leftJoin(
      communityMembers,
      and(eq(communityMembers.communityId, communities.id), eq(communityMembers.userId, viewerId)),
    )
    .where(after)
    .orderBy(desc(communities.createdAt), desc(communities.id))
    .limit(page.limit + 1);
  return paginate(rows, page.limit, (r) => ({ at: r.createdAt, id: r.id }));
}

export async function communityById(env: D1Env, viewerId: string, id: string): Promise<CommunityRow | undefined> {
  const [row] = await createDb(env)
    .select(withRole)
    .from(communities)
    .leftJoin(
      communityMembers,
      and(eq(communityMembers.communityId, communities.id), eq(communityMembers.userId, viewerId)),
    )
    .where(eq(communities.id, id))
    .limit(1);
  return row;
}

export async function memberOf(env: D1Env, communityId: string, userId: string): Promise<MemberRow | undefined> {
  const [row] = await createDb(env)
    .select()
    .from(communityMembers)
    .where(and(eq(communityMembers.communityId, communityId), eq(communityMembers.userId, userId)))
    .limit(1);
  return row;
}

/**
 * Adds a member (a second join changes nothing) and recounts, in one batch. The insert itself refuses
 * a Free user on a Pro-only community, so a tier that changed since the service checked is still honoured.
 */
export async function addMember(env: D1Env, communityId: string, userId: string, now: number): Promise<void> {
  await env.DB.batch([
    statement(
      env,
      sql`INSERT INTO community_members (community_id, user_id, role, joined_at)
      SELECT ${communityId}, ${userId}, 'member', ${now}
      WHERE EXISTS (SELECT 1 FROM communities WHERE id = ${communityId} AND (pro_only = 0 OR ${isPro(userId)}))
      ON CONFLICT DO NOTHING`,
    ),
    statement(env, recount(communityId)),
  ]);
}

/**
 * Removes a member and recounts. The delete never removes a community's last owner, whatever another
 * request did in between; `removed` says whether a row went.
 */
export async function deleteMember(env: D1Env, communityId: string, userId: string): Promise<{ removed: boolean }> {
  const [deleted] = await env.DB.batch([
    statement(
      env,
      sql`DELETE FROM community_members WHERE community_id = ${communityId} AND user_id = ${userId}
      AND NOT (role = 'owner' AND (SELECT count(*) FROM community_members
        WHERE community_id = ${communityId} AND role = 'owner') <= 1)`,
    ),
    statement(env, recount(communityId)),
  ]);
  return { removed: (deleted!.meta.changes ?? 0) > 0 };
}

/** Sets a member's role; a change to the last owner's role is refused by the statement. */
export async function updateRole(
  env: D1Env,
  communityId: string,
  userId: string,
  role: "moderator" | "member",
): Promise<MemberRow | undefined> {
  const [row] = await createDb(env)
    .update(communityMembers)
    .set({ role })
    .where(
      and(
        eq(communityMembers.communityId, communityId),
        eq(communityMembers.userId, userId),
        sql`NOT (${communityMembers.role} = 'owner' AND (SELECT count(*) FROM community_members
          WHERE community_id = ${communityId} AND role = 'owner') <= 1)`,
      ),
    )
    .returning();
  return row;
}

/**
 * A page of the community's visible posts (not removed), newest first, as ids. A Pro-only community's
 * posts come back only for a Pro reader: the gate is part of the query.
 */
export async function communityPostIds(
  env: D1Env,
  viewerId: string,
  communityId: string,
  page: PageRequest,
): Promise<{ items: { id: string; createdAt: number }[]; nextCursor: string | null }> {
  const after = page.after
    ? or(lt(posts.createdAt, page.after.at), and(eq(posts.createdAt, page.after.at), lt(posts.id, page.after.id)))
    : undefined;
  const rows = await createDb(env)
    .select({ id: posts.id, createdAt: posts.createdAt })
    .from(posts)
    .where(
      and(
        eq(posts.communityId, communityId),
        isNull(posts.removedAt),
        eq(posts.visibility, "public"),
        sql`EXISTS (SELECT 1 FROM ${communities} WHERE ${communities.id} = ${communityId}
          AND (${communities.proOnly} = 0 OR ${isPro(viewerId)}))`,
        after,
      ),
    )
    .orderBy(desc(posts.createdAt), desc(posts.id))
    .limit(page.limit + 1);
  return paginate(rows, page.limit, (r) => ({ at: r.createdAt, id: r.id }));
}

/** A moderator's removal: hides the post from everyone but its author. False when no such post. */
export async function markPostRemoved(env: D1Env, communityId: string, postId: string, now: number): Promise<boolean> {
  const rows = await createDb(env)
    .update(posts)
    .set({ removedAt: sql`coalesce(${posts.removedAt}, ${now})` })
    .where(and(eq(posts.id, postId), eq(posts.communityId, communityId)))
    .returning({ id: posts.id });
  return rows.length > 0;
}
