import { createRoute, z } from "@hono/zod-openapi";
import { authedErrors, json, notFound, PageQuerySchema, readErrors, jsonBody } from "../../schemas/common";
import {
  CreateRetrospectSchema,
  RetrospectCreatedSchema,
  RetrospectListSchema,
  RetrospectSchema,
  StatsQuerySchema,
  StatsSchema,
  statsRange,
} from "../../schemas/retrospects";
import { ConflictError, NotFoundError } from "../errors";
import { createBus } from "../ports/bus";
import { findRetrospect, insertRetrospect, listRetrospects, resetFailed, toRetrospect } from "../ports/db/retrospects";
import { retrospectStats } from "../services/reports";
import { keysetAfter } from "./pagination";
import { createRouter, userOf } from "./types";

const IdPath = z.object({ id: z.string().uuid() });

const create = createRoute({
  method: "post",
  path: "/retrospects",
  tags: ["Retrospectives"],
  summary: "Write a retrospective; feedback arrives later (`feedback.ready` on /v1/stream). Honours Idempotency-Key",
  request: jsonBody(CreateRetrospectSchema),
  responses: { 202: json(RetrospectCreatedSchema, "Stored; feedback pending"), ...authedErrors },
});

const list = createRoute({
  method: "get",
  path: "/retrospects",
  tags: ["Retrospectives"],
  summary: "Your retrospectives, newest first, with their feedback",
  request: { query: PageQuerySchema },
  responses: { 200: json(RetrospectListSchema, "A page of retrospectives"), ...readErrors },
});

const stats = createRoute({
  method: "get",
  path: "/retrospects/stats",
  tags: ["Retrospectives"],
  summary: "Entries and mood per week, and top themes, between two days",
  request: { query: StatsQuerySchema },
  responses: { 200: json(StatsSchema, "Weekly trends"), ...readErrors },
});

const one = createRoute({
  method: "get",
  path: "/retrospects/{id}",
  tags: ["Retrospectives"],
  summary: "One retrospective with its feedback",
  request: { params: IdPath },
  responses: { 200: json(RetrospectSchema, "The retrospective"), ...readErrors, ...notFound },
});

const retry = createRoute({
  method: "post",
  path: "/retrospects/{id}/feedback/retry",
  tags: ["Retrospectives"],
  summary: "Ask again for feedback that failed",
  request: { params: IdPath },
  responses: {
    202: json(RetrospectCreatedSchema, "Queued again"),
    409: json(z.object({}), "Feedback has not failed"),
    ...readErrors,
    ...notFound,
  },
});

export const retrospectRoutes = createRouter()
  .openapi(create, async (c) => {
    const row = await insertRetrospect(c.env, userOf(c).id, c.req.valid("json"), new Date());
    await createBus(c.env).send({ kind: "retro.feedback", retrospectId: row.id });
    return c.json({ id: row.id, feedback: { status: "pending" as const } }, 202);
  })
  .openapi(list, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const after = keysetAfter(cursor);
    const page = await listRetrospects(c.env, userOf(c).id, { limit, after });
    return c.json({ items: page.items.map(toRetrospect), nextCursor: page.nextCursor }, 200);
  })
  .openapi(stats, async (c) =>
    c.json(await retrospectStats(c.env, userOf(c).id, statsRange(c.req.valid("query"))), 200),
  )
  .openapi(one, async (c) => {
    const row = await findRetrospect(c.env, userOf(c).id, c.req.valid("param").id);
    if (!row) throw new NotFoundError(`no retrospective ${c.req.valid("param").id}`);
    return c.json(toRetrospect(row), 200);
  })
  .openapi(retry, async (c) => {
    const { id } = c.req.valid("param");
    if (!(await findRetrospect(c.env, userOf(c).id, id))) throw new NotFoundError(`no retrospective ${id}`);
    if (!(await resetFailed(c.env, userOf(c).id, id)))
      throw new ConflictError("feedback for this retrospective has not failed");
    await createBus(c.env).send({ kind: "retro.feedback", retrospectId: id });
    return c.json({ id, feedback: { status: "pending" as const } }, 202);
  });
