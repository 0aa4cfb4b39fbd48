import { createRoute } from "@hono/zod-openapi";
import { KnowledgeIndexRequestSchema, KnowledgeIndexResultSchema } from "../../schemas/coach";
import { adminErrors, json, jsonBody } from "../../schemas/common";
import { indexKnowledge } from "../services/knowledge";
import { requireAdmin } from "./middleware/require-admin";
import { createRouter } from "./types";

const index = createRoute({
  method: "post",
  path: "/admin/knowledge",
  tags: ["Coaching"],
  summary: "Index knowledge documents (admin): chunk by heading, embed, upsert; unchanged documents are skipped",
  middleware: [requireAdmin()] as const,
  request: jsonBody(KnowledgeIndexRequestSchema),
  responses: { 200: json(KnowledgeIndexResultSchema, "What was indexed and removed"), ...adminErrors },
});

export const knowledge = createRouter().openapi(index, async (c) => {
  const { documents, prune } = c.req.valid("json");
  return c.json(await indexKnowledge(c.env, documents, prune), 200);
});
