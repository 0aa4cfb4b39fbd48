import { and, eq, inArray } from "drizzle-orm";
import { jobs, resumes, type ResumeRow } from "../../../schemas/db";
import type { Resume, ResumeInput } from "../../../schemas/interview";
import { createDb, type D1Env } from "./d1";
import { newestFirst, type Page, type PageRequest } from "./keyset";

export const toResume = (r: ResumeRow): Resume => ({
  id: r.id,
  title: r.title,
  content: r.content,
  skills: r.skills,
  yearsOfExperience: r.yearsOfExperience,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

export async function insertResume(env: D1Env, userId: string, input: ResumeInput, now: Date): Promise<string> {
  const id = crypto.randomUUID();
  await createDb(env)
    .insert(resumes)
    .values({
      id,
      userId,
      ...input,
      yearsOfExperience: input.yearsOfExperience ?? null,
      createdAt: now,
      updatedAt: now,
    });
  return id;
}

/** Owner-scoped: another user's id is simply not found. */
export async function findResume(env: D1Env, userId: string, id: string): Promise<ResumeRow | undefined> {
  return (
    await createDb(env)
      .select()
      .from(resumes)
      .where(and(eq(resumes.id, id), eq(resumes.userId, userId)))
      .limit(1)
  )[0];
}

/** Newest first, keyset-paginated on (createdAt, id). */
export function listResumes(env: D1Env, userId: string, page: PageRequest): Promise<Page<ResumeRow>> {
  return newestFirst(
    createDb(env),
    { table: resumes, at: "createdAt", id: "id", where: eq(resumes.userId, userId) },
    page,
  );
}

/** Replaces the owner's resume (undefined when not theirs); a new `updatedAt` gives later job requests a new fingerprint. */
export async function updateResume(
  env: D1Env,
  userId: string,
  id: string,
  input: ResumeInput,
): Promise<ResumeRow | undefined> {
  const [row] = await createDb(env)
    .update(resumes)
    .set({ ...input, yearsOfExperience: input.yearsOfExperience ?? null, updatedAt: new Date() })
    .where(and(eq(resumes.id, id), eq(resumes.userId, userId)))
    .returning();
  return row;
}

/**
 * Deletes the resume and the rows of the given jobs made from it, together (one D1 batch is one
 * transaction); the resume's other jobs, if any, are erased page by page afterwards.
 */
export async function deleteResume(env: D1Env, id: string, jobIds: string[]): Promise<void> {
  const db = createDb(env);
  const resume = db.delete(resumes).where(eq(resumes.id, id));
  await (jobIds.length > 0 ? db.batch([db.delete(jobs).where(inArray(jobs.id, jobIds)), resume]) : resume);
}
