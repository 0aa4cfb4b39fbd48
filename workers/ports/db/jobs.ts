import { and, desc, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import { jobs } from "../../../schemas/db";
import type { JobKind } from "../../../schemas/interview";
import { createDb, type D1Env } from "./d1";

export type JobClaim = {
  id: string;
  userId: string;
  resumeId: string;
  kind: JobKind;
  fingerprint: string;
  now: Date;
  /** How far back a job with the same fingerprint answers this request instead. */
  windowMs: number;
};

/**
 * Records the job unless a live one (same user and fingerprint, younger than the window, not
 * retired) exists, and returns the live job's id either way: the claim's own id when this request
 * won. The conditional insert and the read run in one batch, a single D1 transaction, so of any
 * number of identical concurrent requests exactly one inserts and all see the same id.
 */
export async function claimJob(env: D1Env, claim: JobClaim): Promise<{ id: string; won: boolean }> {
  const db = createDb(env);
  const live = and(
    eq(jobs.userId, claim.userId),
    eq(jobs.fingerprint, claim.fingerprint),
    gt(jobs.createdAt, new Date(claim.now.getTime() - claim.windowMs)),
    isNull(jobs.retiredAt),
  );
  const [, found] = await db.batch([
    // every column of `jobs` in table order (drizzle inserts a raw SELECT into all of them), retired_at last
    db.insert(jobs).select(sql`
      SELECT ${claim.id}, ${claim.userId}, ${claim.resumeId}, ${claim.kind}, ${claim.fingerprint}, ${claim.now.getTime()}, NULL
      WHERE NOT EXISTS (SELECT 1 FROM ${jobs} WHERE ${live})`),
    db.select({ id: jobs.id }).from(jobs).where(live).orderBy(desc(jobs.createdAt)).limit(1),
  ]);
  // the batch inserted a row or found one, so a live job always exists here
  const id = found[0]!.id;
  return { id, won: id === claim.id };
}

/** The job no longer answers its fingerprint (it was cancelled or failed); false when already retired. */
export async function retireJob(env: D1Env, id: string, now: Date): Promise<boolean> {
  const retired = await createDb(env)
    .update(jobs)
    .set({ retiredAt: now })
    .where(and(eq(jobs.id, id), isNull(jobs.retiredAt)))
    .returning({ id: jobs.id });
  return retired.length === 1;
}

/** Up to `limit` jobs made from the resume, newest first (a page: a resume may have had many jobs). */
export async function jobIdsOfResume(env: D1Env, resumeId: string, limit: number): Promise<string[]> {
  const rows = await createDb(env)
    .select({ id: jobs.id })
    .from(jobs)
    .where(eq(jobs.resumeId, resumeId))
    .orderBy(desc(jobs.createdAt))
    .limit(limit);
  return rows.map((r) => r.id);
}

export async function deleteJobs(env: D1Env, ids: string[]): Promise<void> {
  if (ids.length > 0) await createDb(env).delete(jobs).where(inArray(jobs.id, ids));
}
