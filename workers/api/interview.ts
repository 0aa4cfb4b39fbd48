import { createRoute, z } from "@hono/zod-openapi";
import { and, desc, eq, gt, lt, or } from "drizzle-orm";
import type { Context } from "hono";
import { JOB_HEADERS } from "../../durable-objects/job-actor";
import { authedErrors, json, notFound, PageQuerySchema, readErrors, jsonBody } from "../../schemas/common";
import { jobs, resumes, type ResumeRow } from "../../schemas/db";
import {
  JobAcceptedSchema,
  JobSchema,
  LearningPathRequestSchema,
  QuestionsRequestSchema,
  ResumeInputSchema,
  ResumeListSchema,
  ResumeSchema,
  type Job,
  type JobKind,
  type Resume,
} from "../../schemas/interview";
import { paginate } from "../domain/cursor";
import { NotFoundError } from "../errors";
import { createDb } from "../ports/db/d1";
import { keysetAfter } from "./pagination";
import { createRouter, userOf, type AppBindings } from "./types";
import { sha256 } from "../domain/hash";

const IdPath = z.object({ id: z.string().uuid() });
const DEDUPE_WINDOW_MS = 10 * 60 * 1000;

const toResume = (r: ResumeRow): Resume => ({
  id: r.id,
  title: r.title,
  content: r.content,
  skills: r.skills,
  yearsOfExperience: r.yearsOfExperience,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

async function ownResume(c: Context<AppBindings>, id: string): Promise<ResumeRow> {
  const [row] = await createDb(c.env)
    .select()
    .from(resumes)
    .where(and(eq(resumes.id, id), eq(resumes.userId, userOf(c).id)))
    .limit(1);
  if (!row) throw new NotFoundError(`no resume ${id}`);
  return row;
}

const jobActor = (c: Context<AppBindings>, id: string) => c.env.JOB.get(c.env.JOB.idFromName(id));

/** Starts a job, or returns the one an identical request (same resume version and options) started in the last 10 minutes. */
async function startJob(c: Context<AppBindings>, resume: ResumeRow, kind: JobKind, options: Record<string, unknown>) {
  const db = createDb(c.env);
  const userId = userOf(c).id;
  const fingerprint = await sha256(JSON.stringify([kind, resume.id, resume.updatedAt.getTime(), options]));
  const [recent] = await db
    .select({ id: jobs.id })
    .from(jobs)
    .where(
      and(
        eq(jobs.userId, userId),
        eq(jobs.fingerprint, fingerprint),
        gt(jobs.createdAt, new Date(Date.now() - DEDUPE_WINDOW_MS)),
      ),
    )
    .limit(1);
  // a cancelled or failed job is not an answer to the same request: start a fresh one
  const status = recent ? ((await jobActor(c, recent.id).status(userId)) as Job | null)?.status : undefined;
  if (recent && status !== "cancelled" && status !== "failed") return { jobId: recent.id, existing: true };
  const id = crypto.randomUUID();
  await db.insert(jobs).values({ id, userId, resumeId: resume.id, kind, fingerprint, createdAt: new Date() });
  const { title, content, skills, yearsOfExperience } = resume;
  await jobActor(c, id).start(id, userId, {
    kind,
    resume: { title, content, skills, yearsOfExperience },
    ...options,
  } as never);
  return { jobId: id, existing: false };
}

const tag = { tags: ["Interview prep"] };
const routes = {
  create: createRoute({
    method: "post",
    path: "/resumes",
    ...tag,
    summary: "Store a resume",
    request: jsonBody(ResumeInputSchema),
    responses: { 201: json(z.object({ id: z.string() }), "Created"), ...authedErrors },
  }),
  list: createRoute({
    method: "get",
    path: "/resumes",
    ...tag,
    summary: "Your resumes, newest first",
    request: { query: PageQuerySchema },
    responses: { 200: json(ResumeListSchema, "A page"), ...readErrors },
  }),
  get: createRoute({
    method: "get",
    path: "/resumes/{id}",
    ...tag,
    summary: "One resume",
    request: { params: IdPath },
    responses: { 200: json(ResumeSchema, "The resume"), ...readErrors, ...notFound },
  }),
  put: createRoute({
    method: "put",
    path: "/resumes/{id}",
    ...tag,
    summary: "Replace a resume",
    request: { params: IdPath, ...jsonBody(ResumeInputSchema) },
    responses: { 200: json(ResumeSchema, "Updated"), ...authedErrors, ...notFound },
  }),
  del: createRoute({
    method: "delete",
    path: "/resumes/{id}",
    ...tag,
    summary: "Delete a resume and the jobs made from it",
    description:
      "The jobs built from the resume (which quote it) are deleted with it: running ones stop, their streams end " +
      "`failed`, and `GET /v1/jobs/:id` answers 404 afterwards.",
    request: { params: IdPath },
    responses: { 204: { description: "Deleted" }, ...readErrors, ...notFound },
  }),
  questions: createRoute({
    method: "post",
    path: "/resumes/{id}/interview-questions",
    ...tag,
    summary: "Generate interview questions as a background job",
    request: { params: IdPath, ...jsonBody(QuestionsRequestSchema) },
    responses: {
      202: json(JobAcceptedSchema, "The job (an identical request within 10 minutes returns the same job)"),
      ...authedErrors,
      ...notFound,
    },
  }),
  path: createRoute({
    method: "post",
    path: "/resumes/{id}/learning-path",
    ...tag,
    summary: "Generate a learning path as a background job",
    request: { params: IdPath, ...jsonBody(LearningPathRequestSchema) },
    responses: { 202: json(JobAcceptedSchema, "The job"), ...authedErrors, ...notFound },
  }),
  job: createRoute({
    method: "get",
    path: "/jobs/{id}",
    ...tag,
    summary: "A job's status, progress and result",
    request: { params: IdPath },
    responses: { 200: json(JobSchema, "The job"), ...readErrors, ...notFound },
  }),
  cancel: createRoute({
    method: "post",
    path: "/jobs/{id}/cancel",
    ...tag,
    summary: "Cancel a job; steps not yet started never run",
    request: { params: IdPath },
    responses: { 200: json(JobSchema, "The job"), ...readErrors, ...notFound },
  }),
  stream: createRoute({
    method: "get",
    path: "/jobs/{id}/stream",
    ...tag,
    summary: "SSE: `progress` ({progress, stage}) events, then `done` or `failed`",
    request: { params: IdPath },
    responses: {
      200: { description: "Progress stream", content: { "text/event-stream": { schema: z.string() } } },
      ...readErrors,
      ...notFound,
    },
  }),
};

export const interview = createRouter()
  .openapi(routes.create, async (c) => {
    const input = c.req.valid("json");
    const now = new Date();
    const id = crypto.randomUUID();
    await createDb(c.env)
      .insert(resumes)
      .values({
        id,
        userId: userOf(c).id,
        ...input,
        yearsOfExperience: input.yearsOfExperience ?? null,
        createdAt: now,
        updatedAt: now,
      });
    return c.json({ id }, 201);
  })
  .openapi(routes.list, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const after = keysetAfter(cursor);
    const page = after
      ? or(
          lt(resumes.createdAt, new Date(after.at)),
          and(eq(resumes.createdAt, new Date(after.at)), lt(resumes.id, after.id)),
        )
      : undefined;
    const rows = await createDb(c.env)
      .select()
      .from(resumes)
      .where(and(eq(resumes.userId, userOf(c).id), page))
      .orderBy(desc(resumes.createdAt), desc(resumes.id))
      .limit(limit + 1);
    const { items, nextCursor } = paginate(rows, limit, (r) => ({ at: r.createdAt.getTime(), id: r.id }));
    return c.json({ items: items.map(toResume), nextCursor }, 200);
  })
  .openapi(routes.get, async (c) => c.json(toResume(await ownResume(c, c.req.valid("param").id)), 200))
  .openapi(routes.put, async (c) => {
    const row = await ownResume(c, c.req.valid("param").id);
    const input = c.req.valid("json");
    const [updated] = await createDb(c.env)
      .update(resumes)
      .set({ ...input, yearsOfExperience: input.yearsOfExperience ?? null, updatedAt: new Date() })
      .where(eq(resumes.id, row.id))
      .returning();
    return c.json(toResume(updated!), 200);
  })
  .openapi(routes.del, async (c) => {
    const row = await ownResume(c, c.req.valid("param").id);
    const db = createDb(c.env);
    const made = await db.select({ id: jobs.id }).from(jobs).where(eq(jobs.resumeId, row.id));
    await Promise.all(made.map((j) => jobActor(c, j.id).erase(row.userId)));
    await db.batch([
      db.delete(jobs).where(eq(jobs.resumeId, row.id)),
      db.delete(resumes).where(eq(resumes.id, row.id)),
    ]);
    return c.body(null, 204);
  })
  .openapi(routes.questions, async (c) =>
    c.json(
      await startJob(c, await ownResume(c, c.req.valid("param").id), "interview-questions", c.req.valid("json")),
      202,
    ),
  )
  .openapi(routes.path, async (c) =>
    c.json(await startJob(c, await ownResume(c, c.req.valid("param").id), "learning-path", c.req.valid("json")), 202),
  )
  .openapi(routes.job, async (c) => {
    const job = (await jobActor(c, c.req.valid("param").id).status(userOf(c).id)) as Job | null;
    if (!job) throw new NotFoundError(`no job ${c.req.valid("param").id}`);
    return c.json(job, 200);
  })
  .openapi(routes.cancel, async (c) => {
    const job = (await jobActor(c, c.req.valid("param").id).cancel(userOf(c).id)) as Job | null;
    if (!job) throw new NotFoundError(`no job ${c.req.valid("param").id}`);
    return c.json(job, 200);
  })
  .openapi(routes.stream, async (c) => {
    const res = await jobActor(c, c.req.valid("param").id).fetch(
      new Request("https://job/stream", { headers: { [JOB_HEADERS.user]: userOf(c).id } }),
    );
    if (res.status === 404) throw new NotFoundError(`no job ${c.req.valid("param").id}`);
    return res as never;
  });
