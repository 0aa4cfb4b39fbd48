import { and, desc, eq, gte, lt, or } from "drizzle-orm";
import { retrospects, type RetrospectRow } from "../../../schemas/db";
import {
  FeedbackContentSchema,
  type CreateRetrospect,
  type FeedbackContent,
  type Retrospect,
} from "../../../schemas/retrospects";
import type { Db } from "./d1";

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
  db: Db,
  userId: string,
  input: CreateRetrospect,
  now: Date,
): Promise<RetrospectRow> {
  const [row] = await db
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
export async function findRetrospect(db: Db, userId: string, id: string): Promise<RetrospectRow | undefined> {
  return (
    await db
      .select()
      .from(retrospects)
      .where(and(eq(retrospects.id, id), eq(retrospects.userId, userId)))
      .limit(1)
  )[0];
}

export async function findRetrospectById(db: Db, id: string): Promise<RetrospectRow | undefined> {
  return (await db.select().from(retrospects).where(eq(retrospects.id, id)).limit(1))[0];
}

export async function listRetrospects(db: Db, userId: string, limit: number, after?: { at: number; id: string }) {
  const page = after
    ? or(
        lt(retrospects.createdAt, new Date(after.at)),
        and(eq(retrospects.createdAt, new Date(after.at)), lt(retrospects.id, after.id)),
      )
    : undefined;
  return db
    .select()
    .from(retrospects)
    .where(and(eq(retrospects.userId, userId), page))
    .orderBy(desc(retrospects.createdAt), desc(retrospects.id))
    .limit(limit + 1);
}

export async function retrospectsBetween(db: Db, userId: string, start: Date, end: Date): Promise<RetrospectRow[]> {
  return db
    .select()
    .from(retrospects)
    .where(and(eq(retrospects.userId, userId), gte(retrospects.createdAt, start), lt(retrospects.createdAt, end)))
    .orderBy(retrospects.createdAt);
}

/** Stores feedback only if none was stored yet; returns whether this call stored it. */
export async function completeFeedback(
  db: Db,
  id: string,
  feedback: FeedbackContent,
  meta: { provider: string; model: string; offline: boolean },
): Promise<boolean> {
  const updated = await db
    .update(retrospects)
    .set({ feedback, ...meta, feedbackStatus: "ready", failureReason: null, feedbackAt: new Date() })
    .where(and(eq(retrospects.id, id), eq(retrospects.feedbackStatus, "pending")))
    .returning({ id: retrospects.id });
  return updated.length === 1;
}

export async function failFeedback(db: Db, id: string, reason: string): Promise<boolean> {
  const updated = await db
    .update(retrospects)
    .set({ feedbackStatus: "failed", failureReason: reason.slice(0, 1000) })
    .where(and(eq(retrospects.id, id), eq(retrospects.feedbackStatus, "pending")))
    .returning({ id: retrospects.id });
  return updated.length === 1;
}

/** A failed feedback goes back to pending for a retry; false if it was not failed. */
export async function resetFailed(db: Db, userId: string, id: string): Promise<boolean> {
  const updated = await db
    .update(retrospects)
    .set({ feedbackStatus: "pending", failureReason: null })
    .where(and(eq(retrospects.id, id), eq(retrospects.userId, userId), eq(retrospects.feedbackStatus, "failed")))
    .returning({ id: retrospects.id });
  return updated.length === 1;
}
