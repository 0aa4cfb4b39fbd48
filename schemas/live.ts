import { z } from "@hono/zod-openapi";
import { queryInt } from "./common";

/** Message types the user's actor pushes over `/v1/stream` (API.md "Live channel"). */
export const LiveTypeSchema = z.enum([
  "notification",
  "feedback.ready",
  "job.progress",
  "job.done",
  "recommendations.updated",
  "timeline.updated",
  "entitlements.updated",
]);
export type LiveType = z.infer<typeof LiveTypeSchema>;

export const LiveMessageSchema = z
  .object({
    id: z.number().int().openapi({ description: "Monotonic per user; resume with `?since=<id>`" }),
    type: LiveTypeSchema,
    data: z.unknown(),
    at: z.string().datetime(),
  })
  .openapi("LiveMessage");
export type LiveMessage = z.infer<typeof LiveMessageSchema>;

export const StreamQuerySchema = z.object({
  token: z.string().optional().openapi({ description: "JWT, for clients that cannot set headers" }),
  since: queryInt(0, Number.MAX_SAFE_INTEGER).optional().openapi({
    description: "Last message id the client saw; missed messages are replayed first",
  }),
});

export const TestNotificationSchema = z
  .strictObject({
    title: z.string().trim().min(1).max(200),
    body: z.string().max(2000).default(""),
  })
  .openapi("TestNotification", {
    example: { title: "주간 회고를 쓸 시간이에요", body: "이번 주에 잘한 일 하나와 아쉬웠던 일 하나를 적어 보세요." },
  });

export const PushResultSchema = z.object({ id: z.number().int(), delivered: z.number().int() }).openapi("PushResult");

export const ProfileSchema = z
  .object({
    userId: z.string(),
    firstSeenAt: z.string().datetime(),
    lastSeenAt: z.string().datetime(),
    openSockets: z.number().int(),
    lastMessageId: z.number().int(),
  })
  .openapi("Profile");
export type Profile = z.infer<typeof ProfileSchema>;
