import { createRoute, z } from "@hono/zod-openapi";
import { json, notFound, readErrors } from "../../schemas/common";
import {
  NotificationListQuerySchema,
  NotificationListSchema,
  NotificationSchema,
  type Notification,
} from "../../schemas/notifications";
import { NotFoundError } from "../errors";
import { createRouter, userActor } from "./types";

const list = createRoute({
  method: "get",
  path: "/notifications",
  tags: ["Notifications"],
  summary: "Your inbox, newest first, with the unread count",
  request: { query: NotificationListQuerySchema },
  responses: { 200: json(NotificationListSchema, "A page of notifications"), ...readErrors },
});

const read = createRoute({
  method: "post",
  path: "/notifications/{id}/read",
  tags: ["Notifications"],
  summary: "Mark a notification read (idempotent)",
  request: { params: z.object({ id: z.string().regex(/^\d{1,15}$/, "not a notification id") }) },
  responses: { 200: json(NotificationSchema, "The notification"), ...readErrors, ...notFound },
});

type Page = { items: Notification[]; nextCursor: string | null; unread: number };

export const notifications = createRouter()
  .openapi(list, async (c) => {
    const { limit, cursor, unread } = c.req.valid("query");
    const page = (await userActor(c).notifications({
      limit,
      cursor: cursor ? Number(cursor) : undefined,
      unread: unread === "true",
    })) as Page;
    return c.json(page, 200);
  })
  .openapi(read, async (c) => {
    const { id } = c.req.valid("param");
    const notification = (await userActor(c).markRead(Number(id))) as Notification | null;
    if (!notification) throw new NotFoundError(`no notification ${id}`);
    return c.json(notification, 200);
  });
