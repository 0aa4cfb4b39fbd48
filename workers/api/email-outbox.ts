import { createRoute } from "@hono/zod-openapi";
import { adminErrors, json, notFound } from "../../schemas/common";
import { OutboxEmailListSchema, OutboxEmailQuerySchema } from "../../schemas/labels";
import { listEmails, type OutboxRow } from "../ports/db/email-outbox";
import { developmentOnly } from "./middleware/development-only";
import { requireAdmin } from "./middleware/require-admin";
import { keysetAfter } from "./pagination";
import { createRouter } from "./types";

// Mounted by labelRoutes (verification codes are its only mail so far). The outbox holds other people's
// addresses and live codes: 404 in production before the admin check, like a path with no route.
const list = createRoute({
  method: "get",
  path: "/admin/outbox/email",
  tags: ["Operations"],
  summary: "Emails the default email port recorded instead of sending, newest first (admin, development only)",
  middleware: [developmentOnly(), requireAdmin()] as const,
  request: { query: OutboxEmailQuerySchema },
  responses: { 200: json(OutboxEmailListSchema, "A page of recorded emails"), ...adminErrors, ...notFound },
});

const view = (row: OutboxRow) => ({
  id: row.id,
  to: row.to,
  subject: row.subject,
  text: row.body,
  createdAt: new Date(row.createdAt).toISOString(),
});

export const emailOutboxRoutes = createRouter().openapi(list, async (c) => {
  const { limit, cursor } = c.req.valid("query");
  const page = await listEmails(c.env, { limit, after: keysetAfter(cursor) });
  return c.json({ items: page.items.map(view), nextCursor: page.nextCursor }, 200);
});
