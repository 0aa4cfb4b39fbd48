import type { ResumeRow } from "../../schemas/db";
import type { Job, JobKind } from "../../schemas/interview";
import { sha256 } from "../domain/hash";
import type { AppEnv } from "../env";
import { ConflictError, NotFoundError } from "../errors";
import { createBus } from "../ports/bus";
import { claimJob, deleteJobs, jobIdsOfResume, retireJob } from "../ports/db/jobs";
import { deleteResume, findResume } from "../ports/db/resumes";

const DEDUPE_WINDOW_MS = 10 * 60 * 1000;
// each round either returns or retires one cancelled or failed job; more rounds mean identical
// requests keep failing jobs as fast as they start, which no caller should wait out
const MAX_CLAIMS = 3;

const jobActor = (env: AppEnv, id: string) => env.JOB.get(env.JOB.idFromName(id));

/** The caller's resume, or 404 (another user's resume is simply not found). */
export async function ownResume(env: AppEnv, userId: string, id: string): Promise<ResumeRow> {
  const row = await findResume(env, userId, id);
  if (!row) throw new NotFoundError(`no resume ${id}`);
  return row;
}

/**
 * Starts a job from the caller's resume, or returns the one an identical request (same resume version and options) started
 * in the last 10 minutes. Which request starts it is decided by one conditional insert in D1, so
 * identical concurrent requests share one job; a cancelled or failed job is not an answer to the
 * same request: it is retired and the claim is made again.
 */
export async function startJob(
  env: AppEnv,
  userId: string,
  resumeId: string,
  kind: JobKind,
  options: Record<string, unknown>,
): Promise<{ jobId: string; existing: boolean }> {
  const resume = await ownResume(env, userId, resumeId);
  const fingerprint = await sha256(JSON.stringify([kind, resume.id, resume.updatedAt.getTime(), options]));
  for (let round = 0; round < MAX_CLAIMS; round++) {
    const id = crypto.randomUUID();
    const claim = await claimJob(env, {
      id,
      userId,
      resumeId: resume.id,
      kind,
      fingerprint,
      now: new Date(),
      windowMs: DEDUPE_WINDOW_MS,
    });
    if (claim.won) {
      await begin(env, id, userId, resume, kind, options);
      return { jobId: id, existing: false };
    }
    // null while the winner has not started it yet: it is coming, and it is the answer
    const status = ((await jobActor(env, claim.id).status(userId)) as Job | null)?.status;
    if (status !== "cancelled" && status !== "failed") return { jobId: claim.id, existing: true };
    await retireJob(env, claim.id, new Date());
  }
  throw new ConflictError("identical requests keep ending cancelled or failed as they start; try again shortly");
}

/** Starts the claimed job in its actor; a job that could not start is retired, so a retry claims anew. */
async function begin(
  env: AppEnv,
  id: string,
  userId: string,
  resume: ResumeRow,
  kind: JobKind,
  options: Record<string, unknown>,
): Promise<void> {
  const { title, content, skills, yearsOfExperience } = resume;
  try {
    await jobActor(env, id).start(id, userId, {
      kind,
      resume: { title, content, skills, yearsOfExperience },
      ...options,
    } as never);
  } catch (error) {
    await retireJob(env, id, new Date());
    throw error;
  }
}

/**
 * Jobs a request erases itself; a resume with more (a job per distinct request, over months) has the
 * rest erased by the queue, a page per message, so one DELETE does bounded work however many there are.
 * Running jobs are among the newest, so they stop before the DELETE answers.
 */
export const JOBS_ERASED_PER_STEP = 25;

/** Deletes the resume and every job made from it: running ones stop, and their streams end `failed`. */
export async function removeResume(env: AppEnv, userId: string, id: string): Promise<void> {
  const row = await ownResume(env, userId, id);
  // the resume row goes with the first page's job rows, so a failure before leaves both for a retry
  await eraseJobPage(env, userId, row.id, (jobIds) => deleteResume(env, row.id, jobIds));
}

/** The queue's step of erasing a deleted resume's jobs. */
export async function eraseResumeJobs(env: AppEnv, userId: string, resumeId: string): Promise<void> {
  await eraseJobPage(env, userId, resumeId, (jobIds) => deleteJobs(env, jobIds));
}

/**
 * One step: erases a page of the resume's jobs (their actors, then their rows through `deleteRows`),
 * and queues the next step when the page was full, since more may remain.
 */
async function eraseJobPage(
  env: AppEnv,
  userId: string,
  resumeId: string,
  deleteRows: (jobIds: string[]) => Promise<void>,
): Promise<void> {
  const ids = await jobIdsOfResume(env, resumeId, JOBS_ERASED_PER_STEP);
  await Promise.all(ids.map((jobId) => jobActor(env, jobId).erase(userId)));
  await deleteRows(ids);
  if (ids.length === JOBS_ERASED_PER_STEP) await createBus(env).send({ kind: "resume.erase-jobs", userId, resumeId });
}
