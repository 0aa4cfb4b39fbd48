import { and, count, desc, eq, gte, lt, lte, ne, sql } from "drizzle-orm";
import { retrospects, type RetrospectRow } from "../../../schemas/db";
import {
  FeedbackContentSchema,
  type CreateRetrospect,
  type FeedbackContent,
  type Retrospect,
} from "../../../schemas/retrospects";
import { createDb, type D1Env } from "./d1";
import { newestFirst, type Page, type PageRequest } from "./keyset";

export const toRetrospect = (r: RetrospectRow): Retrospect => {
  const content = FeedbackContentSchema.safeParse(r.feedback);
  const f: Partial<FeedbackContent> = content.success ? content.data : {};
  return {
    id: r.id,
    purpose: r.purpose,
    content: r.content,
    mood: r.mood,
    tags: r.tags,
    createdAt: r.createdAt.toISOString(),
    feedback: {
      status: r.feedbackStatus,
      summary: f.summary ?? null,
      strengths: f.strengths ?? [],
      weaknesses: f.weaknesses ?? [],
      keepDoing: f.keepDoing ?? [],
      recommendations: f.recommendations ?? [],
      provider: r.provider,
      model: r.model,
      offline: r.offline,
      reason: r.failureReason,
      readyAt: r.feedbackAt?.toISOString() ?? null,
    },
  };
};

export async function insertRetrospect(
  env: D1Env,
  userId: string,
  input: CreateRetrospect,
  now: Date,
): Promise<RetrospectRow> {
  const [row] = await createDb(env)
    .insert(retrospects)
    .values({
      id: crypto.randomUUID(),
      userId,
      ...input,
      mood: input.mood ?? null,
      createdAt: now,
      feedbackStatus: "pending",
    })
    .returning();
  return row!;
}

/** Owner-scoped: another user's id is simply not found. */
export async function findRetrospect(env: D1Env, userId: string, id: string): Promise<RetrospectRow | undefined> {
  return (
    await createDb(env)
      .select()
      .from(retrospects)
      .where(and(eq(retrospects.id, id), eq(retrospects.userId, userId)))
      .limit(1)
  )[0];
}

export async function findRetrospectById(env: D1Env, id: string): Promise<RetrospectRow | undefined> {
  return (await createDb(env).select().from(retrospects).where(eq(retrospects.id, id)).limit(1))[0];
}

/** Newest first, keyset-paginated on (createdAt, id). */
export function listRetrospects(env: D1Env, userId: string, page: PageRequest): Promise<Page<RetrospectRow>> {
  return newestFirst(
    createDb(env),
    { table: retrospects, at: "createdAt", id: "id", where: eq(retrospects.userId, userId) },
    page,
  );
}

/** The author's entries written before this one (not this one), newest first: the context its feedback sees. */
export async function retrospectsBefore(env: D1Env, row: RetrospectRow, limit: number): Promise<RetrospectRow[]> {
  return createDb(env)
    .select()
    .from(retrospects)
    .where(
      and(eq(retrospects.userId, row.userId), lte(retrospects.createdAt, row.createdAt), ne(retrospects.id, row.id)),
    )
    .orderBy(desc(retrospects.createdAt), desc(retrospects.id))
    .limit(limit);
}

const between = (userId: string, start: Date, end: Date) =>
  and(eq(retrospects.userId, userId), gte(retrospects.createdAt, start), lt(retrospects.createdAt, end));

/** The newest `limit` entries written in [start, end), oldest first. */
export async function newestBetween(
  env: D1Env,
  userId: string,
  range: { start: Date; end: Date },
  limit: number,
): Promise<RetrospectRow[]> {
  const rows = await createDb(env)
    .select()
    .from(retrospects)
    .where(between(userId, range.start, range.end))
    .orderBy(desc(retrospects.createdAt), desc(retrospects.id))
    .limit(limit);
  return rows.reverse();
}

export async function countBetween(env: D1Env, userId: string, range: { start: Date; end: Date }): Promise<number> {
  const [row] = await createDb(env)
    .select({ n: count() })
    .from(retrospects)
    .where(between(userId, range.start, range.end));
  return row?.n ?? 0;
}

export async function anyBetween(env: D1Env, userId: string, range: { start: Date; end: Date }): Promise<boolean> {
  const rows = await createDb(env)
    .select({ id: retrospects.id })
    .from(retrospects)
    .where(between(userId, range.start, range.end))
    .limit(1);
  return rows.length > 0;
}

/**
 * Entries and moods per week in [start, end), counted by D1 (one row per week, however many entries):
 * weeks are `weekMs` long and start at `weekZero`, which must not be after `start`.
 */
export async function weekCounts(
  env: D1Env,
  userId: string,
  range: { start: Date; end: Date },
  weeks: { weekZero: number; weekMs: number },
): Promise<{ weekStart: number; entries: number; moodSum: number; moods: number }[]> {
  // bound numbers may arrive as REAL, so the division is truncated explicitly
  const week = sql<number>`cast((${retrospects.createdAt} - ${weeks.weekZero}) / ${weeks.weekMs} as integer)`;
  const rows = await createDb(env)
    .select({
      week,
      entries: count(),
      moodSum: sql<number>`coalesce(sum(${retrospects.mood}), 0)`,
      moods: count(retrospects.mood),
    })
    .from(retrospects)
    .where(between(userId, range.start, range.end))
    .groupBy(week);
  return rows.map(({ week: n, ...c }) => ({ weekStart: weeks.weekZero + Number(n) * weeks.weekMs, ...c }));
}

/** Stores feedback only if none was stored yet; returns whether this call stored it. */
export async function completeFeedback(
  env: D1Env,
  id: string,
  feedback: FeedbackContent,
  meta: { provider: string; model: string; offline: boolean },
): Promise<boolean> {
  const updated = await createDb(env)
    .update(retrospects)
    .set({ feedback, ...meta, feedbackStatus: "ready", failureReason: null, feedbackAt: new Date() })
    .where(and(eq(retrospects.id, id), eq(retrospects.feedbackStatus, "pending")))
    .returning({ id: retrospects.id });
  return updated.length === 1;
}

export async function failFeedback(env: D1Env, id: string, reason: string): Promise<boolean> {
  const updated = await createDb(env)
    .update(retrospects)
    .set({ feedbackStatus: "failed", failureReason: reason.slice(0, 1000) })
    .where(and(eq(retrospects.id, id), eq(retrospects.feedbackStatus, "pending")))
    .returning({ id: retrospects.id });
  return updated.length === 1;
}

/** A failed feedback goes back to pending for a retry; false if it was not failed. */
export async function resetFailed(env: D1Env, userId: string, id: string): Promise<boolean> {
  const updated = await createDb(env)
    .update(retrospects)
    .set({ feedbackStatus: "pending", failureReason: null })
    .where(and(eq(retrospects.id, id), eq(retrospects.userId, userId), eq(retrospects.feedbackStatus, "failed")))
    .returning({ id: retrospects.id });
  return updated.length === 1;
}
