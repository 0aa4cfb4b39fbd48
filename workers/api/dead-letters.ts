import { createRoute } from "@hono/zod-openapi";
import { adminErrors, json, notFound, problem } from "../../schemas/common";
import {
  DeadLetterIdParamSchema,
  DeadLetterListSchema,
  DeadLetterQuerySchema,
  RedriveResultSchema,
  type DeadLetterView,
} from "../../schemas/dead-letters";
import type { DeadLetterRow } from "../../schemas/db";
import { listDeadLetters } from "../ports/db/dead-letters";
import { redriveDeadLetter } from "../services/dead-letters";
import { requireAdmin } from "./middleware/require-admin";
import { keysetAfter } from "./pagination";
import { createRouter } from "./types";

const list = createRoute({
  method: "get",
  path: "/admin/dead-letters",
  tags: ["Operations"],
  summary: "Messages that ended in the dead-letter queue, newest first, each with why (admin)",
  middleware: [requireAdmin()] as const,
  request: { query: DeadLetterQuerySchema },
  responses: { 200: json(DeadLetterListSchema, "Dead letters"), ...adminErrors },
});

const redrive = createRoute({
  method: "post",
  path: "/admin/dead-letters/{id}/redrive",
  tags: ["Operations"],
  summary: "Put a dead letter back on the task queue and forget it (admin)",
  description:
    "Consumers are idempotent, so a redriven message that was partly applied changes nothing twice. A body " +
    "that is not a task message (a dead letter with reason `invalid`) cannot be redriven: 422.",
  middleware: [requireAdmin()] as const,
  request: { params: DeadLetterIdParamSchema },
  responses: {
    202: json(RedriveResultSchema, "Back on the queue"),
    ...adminErrors,
    ...notFound,
    422: problem("The dead letter's body is not a task message; it would only be dead-lettered again"),
  },
});

function view(row: DeadLetterRow): DeadLetterView {
  return {
    id: row.id,
    queue: row.queue,
    reason: row.reason,
    body: JSON.parse(row.body) as unknown,
    attempts: row.attempts,
    receivedAt: row.receivedAt.toISOString(),
  };
}

export const deadLetterRoutes = createRouter()
  .openapi(list, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const page = await listDeadLetters(c.env, { limit, after: keysetAfter(cursor) });
    return c.json({ items: page.items.map(view), nextCursor: page.nextCursor }, 200);
  })
  .openapi(redrive, async (c) => {
    const { id } = c.req.valid("param");
    await redriveDeadLetter(c.env, id);
    return c.json({ id, redriven: true as const }, 202);
  });
