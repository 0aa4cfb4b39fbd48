import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { authedErrors, json, notFound, PageQuerySchema, readErrors, jsonBody } from "../../schemas/common";
import { USER_HEADER } from "../../schemas/headers";
import {
  JobAcceptedSchema,
  JobSchema,
  LearningPathRequestSchema,
  QuestionsRequestSchema,
  ResumeInputSchema,
  ResumeListSchema,
  ResumeSchema,
  type Job,
} from "../../schemas/interview";
import { NotFoundError } from "../errors";
import { insertResume, listResumes, toResume, updateResume } from "../ports/db/resumes";
import { ownResume, removeResume, startJob } from "../services/resumes";
import { keysetAfter } from "./pagination";
import { createRouter, userOf, type AppBindings } from "./types";

const IdPath = z.object({ id: z.string().uuid() });

const jobActor = (c: Context<AppBindings>, id: string) => c.env.JOB.get(c.env.JOB.idFromName(id));

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
    const id = await insertResume(c.env, userOf(c).id, c.req.valid("json"), new Date());
    return c.json({ id }, 201);
  })
  .openapi(routes.list, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const page = await listResumes(c.env, userOf(c).id, { limit, after: keysetAfter(cursor) });
    return c.json({ items: page.items.map(toResume), nextCursor: page.nextCursor }, 200);
  })
  .openapi(routes.get, async (c) =>
    c.json(toResume(await ownResume(c.env, userOf(c).id, c.req.valid("param").id)), 200),
  )
  .openapi(routes.put, async (c) => {
    const { id } = c.req.valid("param");
    const row = await updateResume(c.env, userOf(c).id, id, c.req.valid("json"));
    if (!row) throw new NotFoundError(`no resume ${id}`);
    return c.json(toResume(row), 200);
  })
  .openapi(routes.del, async (c) => {
    await removeResume(c.env, userOf(c).id, c.req.valid("param").id);
    return c.body(null, 204);
  })
  .openapi(routes.questions, async (c) => {
    const { id } = c.req.valid("param");
    return c.json(await startJob(c.env, userOf(c).id, id, "interview-questions", c.req.valid("json")), 202);
  })
  .openapi(routes.path, async (c) => {
    const { id } = c.req.valid("param");
    return c.json(await startJob(c.env, userOf(c).id, id, "learning-path", c.req.valid("json")), 202);
  })
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
      new Request("https://job/stream", { headers: { [USER_HEADER]: userOf(c).id } }),
    );
    if (res.status === 404) throw new NotFoundError(`no job ${c.req.valid("param").id}`);
    return res as never;
  });
