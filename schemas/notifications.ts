import { z } from "@hono/zod-openapi";
import { listOf, queryInt } from "./common";

export const NotificationSchema = z
  .object({
    id: z.string(),
    kind: z.enum(["price_drop", "test", "system", "challenge"]),
    title: z.string(),
    body: z.string(),
    data: z.record(z.string(), z.unknown()),
    createdAt: z.string().datetime(),
    readAt: z.string().datetime().nullable(),
  })
  .openapi("Notification");
export type Notification = z.infer<typeof NotificationSchema>;

export const NotificationListSchema = listOf(NotificationSchema, "NotificationList").extend({
  unread: z.number().int(),
});

export const NotificationListQuerySchema = z.object({
  limit: queryInt(1, 100).default(20),
  cursor: z
    .string()
    .regex(/^\d{1,15}$/, "not a cursor from this list")
    .optional(),
  unread: z.enum(["true", "false"]).optional().openapi({ description: "Only unread notifications" }),
});

export const PriceDropNoticeSchema = z.object({
  itemId: z.string(),
  title: z.string(),
  body: z.string(),
  from: z.number(),
  to: z.number(),
  percent: z.number(),
  day: z.string(),
});
export type PriceDropNotice = z.infer<typeof PriceDropNoticeSchema>;
