import { createRoute } from "@hono/zod-openapi";
import { authedErrors, json, notFound, publicErrors } from "../../schemas/common";
import { ErasureAcceptedSchema, ErasureIdParamSchema, ErasureReceiptSchema } from "../../schemas/erasure";
import { erasureReceipt, requestErasure } from "../services/erasure";
import { createRouter, userOf } from "./types";

const tags = ["Your data"];

const erase = createRoute({
  method: "delete",
  path: "/me",
  tags,
  summary: "Erase your account everywhere (right to be forgotten)",
  description:
    "Answers 202 at once; every token of yours issued before this request gets 401 from then on. The erasure " +
    "runs as a durable outbox of steps that resumes after a crash: your encryption key first (copies that cannot " +
    "be reached, such as backups, become unreadable), then every actor (profile, life-log, chat sessions, jobs), " +
    "vectors, D1 rows, caches, R2 documents, the Postgres archive and configured outside stores, and a final " +
    "sweep for writes that were already in flight. Your posts leave others' feeds and your comments and " +
    "reactions are removed (their counts follow); a community you own passes to its longest-standing member. " +
    "The receipt (`receiptUrl`, public) keeps store names and counts only. A second request while one runs " +
    "answers with the same erasure.",
  responses: { 202: json(ErasureAcceptedSchema, "The erasure has started"), ...authedErrors },
});

const receipt = createRoute({
  method: "get",
  path: "/erasures/{id}",
  tags,
  security: [],
  summary: "An erasure's receipt (public: no personal data): steps done, counts per store, completion time",
  request: { params: ErasureIdParamSchema },
  responses: { 200: json(ErasureReceiptSchema, "The receipt"), ...publicErrors, ...notFound },
});

export const erasureRoutes = createRouter()
  .openapi(erase, async (c) => {
    const { erasureId } = await requestErasure(c.env, userOf(c), c.get("requestId"));
    c.set("erasedCaller", true);
    return c.json({ erasureId, status: "running" as const, receiptUrl: `/v1/erasures/${erasureId}` }, 202);
  })
  .openapi(receipt, async (c) => c.json(await erasureReceipt(c.env, c.req.valid("param").id), 200));
