import { and, asc, Column, eq, getTableColumns, inArray, is, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import {
  activityDays,
  activityEvents,
  analyticsReports,
  auditLog,
  challengeProgress,
  challenges,
  coachSessions,
  comments,
  communities,
  communityMembers,
  emailOutbox,
  follows,
  itemEvents,
  itemInterest,
  jobs,
  labelFollows,
  labelVerifications,
  posts,
  reactions,
  reports,
  requestLogs,
  resumes,
  retrospects,
  timelineDays,
  usageCounters,
  userEntitlements,
  userLabels,
  users,
} from "../../../schemas/db";
import { createDb, type D1Env } from "./d1";

/**
 * Every D1 row of one person, for GET /v1/me/export: one keyset-paged reader per table (never one
 * unbounded SELECT), each ordered by an index that starts with the owner's column where the table has
 * one. A page's cursor is its last row's key values, handed back as they came (they never leave the
 * Worker). Rows come back as drizzle maps them (camelCase, timestamps as Date); secrets are left out.
 */
export type ExportCursor = unknown[];
export type ExportRows = { items: Record<string, unknown>[]; next: ExportCursor | null };
export type ExportReader = (
  env: D1Env,
  userId: string,
  after: ExportCursor | null,
  limit: number,
) => Promise<ExportRows>;

/** A sort key: a column, or the table's rowid (the order in which an index on the owner column keeps rows). */
type Key = SQLiteColumn | "rowid";
const ROWID = "_rowid";
const rowidOf = (table: SQLiteTable) => sql<number>`${table}.rowid`;

/**
 * Rows strictly after `values` in the order of `keys`, as a row-value comparison `(k1, k2) > (v1, v2)`,
 * which SQLite turns into a range of the owner's index (an OR of the same terms would walk the owner's
 * rows from the start on every page).
 */
function after(keys: (SQLiteColumn | SQL)[], values: ExportCursor | null): SQL | undefined {
  if (!values) return undefined;
  const left = sql.join(
    keys.map((k) => sql`${k}`),
    sql`, `,
  );
  const right = sql.join(
    keys.map((k, i) => (is(k, Column) ? sql.param(values[i], k) : sql.param(values[i]))),
    sql`, `,
  );
  return keys.length === 1 ? sql`${left} > ${right}` : sql`(${left}) > (${right})`;
}

function pageOf(rows: Record<string, unknown>[], limit: number, keyNames: string[]): ExportRows {
  const last = rows.length === limit ? rows.at(-1) : undefined;
  const next = last ? keyNames.map((k) => last[k]) : null;
  if (keyNames.includes(ROWID)) for (const row of rows) delete row[ROWID];
  return { items: rows, next };
}

/** The property name of a column in its table (what drizzle's rows are keyed by). */
function nameOf(table: SQLiteTable, column: SQLiteColumn): string {
  const found = Object.entries(getTableColumns(table)).find(([, c]) => c === column);
  if (!found) throw new Error(`column ${column.name} is not in the table`);
  return found[0];
}

/**
 * A reader of one table's rows whose `owner` column is the user, in `keys` order, without `omit`. The
 * keys follow the owner's index where one exists, so a page is a range of that index and nothing sorts.
 */
function rowsOf<T extends SQLiteTable>(table: T, owner: SQLiteColumn, keys: Key[], omit: string[] = []) {
  const keyNames = keys.map((k) => (k === "rowid" ? ROWID : nameOf(table, k)));
  const order = keys.map((k) => (k === "rowid" ? rowidOf(table) : k));
  const columns: Record<string, SQLiteColumn | SQL> = Object.fromEntries(
    Object.entries(getTableColumns(table)).filter(([name]) => !omit.includes(name)),
  );
  if (keys.includes("rowid")) columns[ROWID] = rowidOf(table);
  const read: ExportReader = async (env, userId, cursor, limit) => {
    const rows = (await createDb(env)
      .select(columns)
      .from(table as SQLiteTable)
      .where(and(eq(owner, userId), after(order, cursor)))
      .orderBy(...order.map((k) => asc(k)))
      .limit(limit)) as Record<string, unknown>[];
    return pageOf(rows, limit, keyNames);
  };
  return read;
}

export const exportReaders = {
  labels: rowsOf(userLabels, userLabels.userId, [userLabels.key]),
  // the state of each verification without its code (only a hash is stored, and it stays here)
  labelVerifications: rowsOf(labelVerifications, labelVerifications.userId, [labelVerifications.key], ["codeHash"]),
  archivedTimelineDays: rowsOf(timelineDays, timelineDays.userId, [timelineDays.day]),
  archivedActivityEvents: rowsOf(activityEvents, activityEvents.userId, [activityEvents.eventId]),
  daySummaries: rowsOf(activityDays, activityDays.userId, [activityDays.day]),
  posts: rowsOf(posts, posts.authorId, [posts.createdAt, "rowid"]),
  comments: rowsOf(comments, comments.authorId, ["rowid"]),
  reactions: rowsOf(reactions, reactions.userId, ["rowid"]),
  following: rowsOf(follows, follows.followerId, [follows.followeeId]),
  followers: rowsOf(follows, follows.followeeId, [follows.followerId]),
  labelFollows: rowsOf(labelFollows, labelFollows.userId, [labelFollows.key, labelFollows.valueKey]),
  communityMemberships: rowsOf(communityMembers, communityMembers.userId, ["rowid"]),
  challengeProgress: rowsOf(challengeProgress, challengeProgress.userId, ["rowid"]),
  retrospects: rowsOf(retrospects, retrospects.userId, [retrospects.createdAt, retrospects.id]),
  growthReports: rowsOf(reports, reports.userId, [reports.createdAt, "rowid"]),
  analyticsReports: rowsOf(analyticsReports, analyticsReports.userId, [analyticsReports.createdAt, "rowid"]),
  coachSessions: rowsOf(coachSessions, coachSessions.userId, [coachSessions.id]),
  resumes: rowsOf(resumes, resumes.userId, [resumes.createdAt, resumes.id]),
  jobs: rowsOf(jobs, jobs.userId, [jobs.id]),
  recommendationEvents: rowsOf(itemEvents, itemEvents.userId, [itemEvents.traceId]),
  // keyed by item: each page walks the primary key until it has a page of this user's rows
  itemInterest: rowsOf(itemInterest, itemInterest.userId, [itemInterest.itemId]),
  usageCounters: rowsOf(usageCounters, usageCounters.userId, [usageCounters.name, usageCounters.window]),
  requestLogs: rowsOf(requestLogs, requestLogs.userId, [requestLogs.at, "rowid"]),
  /** Communities the user owns, found through their memberships (the owner is a member with role owner). */
  communitiesOwned: (async (env, userId, cursor, limit) => {
    const rows = await createDb(env)
      .select(getTableColumns(communities))
      .from(communityMembers)
      .innerJoin(communities, eq(communities.id, communityMembers.communityId))
      .where(
        and(
          eq(communityMembers.userId, userId),
          eq(communityMembers.role, "owner"),
          eq(communities.ownerId, userId),
          after([communityMembers.communityId], cursor),
        ),
      )
      .orderBy(asc(communityMembers.communityId))
      .limit(limit);
    return pageOf(rows, limit, ["id"]);
  }) satisfies ExportReader,
  /** Challenges the user set, in the communities they belong to. */
  challengesCreated: (async (env, userId, cursor, limit) => {
    const rows = await createDb(env)
      .select(getTableColumns(challenges))
      .from(communityMembers)
      .innerJoin(challenges, eq(challenges.communityId, communityMembers.communityId))
      .where(and(eq(communityMembers.userId, userId), eq(challenges.createdBy, userId), after([challenges.id], cursor)))
      .orderBy(asc(challenges.id))
      .limit(limit);
    return pageOf(rows, limit, ["id"]);
  }) satisfies ExportReader,
} satisfies Record<string, ExportReader>;

export type ExportTable = keyof typeof exportReaders;

/** The user's row (profile), or null when they never signed in through the token route. */
export async function exportUserRow(env: D1Env, userId: string) {
  return (await createDb(env).select().from(users).where(eq(users.id, userId)))[0] ?? null;
}

export async function exportEntitlementRow(env: D1Env, userId: string) {
  return (await createDb(env).select().from(userEntitlements).where(eq(userEntitlements.userId, userId)))[0] ?? null;
}

/** Mail the development outbox holds for any of `addresses`, oldest first (the outbox has no index by address). */
export async function exportEmails(
  env: D1Env,
  addresses: string[],
  cursor: ExportCursor | null,
  limit: number,
): Promise<ExportRows> {
  if (addresses.length === 0) return { items: [], next: null };
  const rows = await createDb(env)
    .select()
    .from(emailOutbox)
    .where(and(inArray(emailOutbox.to, addresses), after([emailOutbox.createdAt, emailOutbox.id], cursor)))
    .orderBy(asc(emailOutbox.createdAt), asc(emailOutbox.id))
    .limit(limit);
  return pageOf(rows, limit, ["createdAt", "id"]);
}

/** The audit entries about this person (export, erasure requests), by their pseudonymous hash. */
export async function exportAudit(
  env: D1Env,
  subjectHash: string,
  cursor: ExportCursor | null,
  limit: number,
): Promise<ExportRows> {
  const rows = await createDb(env)
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.subjectHash, subjectHash), after([auditLog.at, auditLog.id], cursor)))
    .orderBy(asc(auditLog.at), asc(auditLog.id))
    .limit(limit);
  return pageOf(rows, limit, ["at", "id"]);
}
