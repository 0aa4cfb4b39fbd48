import { z } from "zod";
import { LoggedEventSchema } from "./events";
import { ActivityRecordSchema, DaySummarySchema } from "./lifelog";
import { LiveTypeSchema } from "./live";

/** Messages on the `edge-coach-tasks` queue. Product lines add variants here. */
export const TaskMessageSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("live.push"),
    userId: z.string().min(1),
    type: LiveTypeSchema,
    data: z.unknown(),
  }),
  z.object({ kind: z.literal("ping"), at: z.string() }),
  z.object({ kind: z.literal("retro.feedback"), retrospectId: z.string() }),
  z.object({
    kind: z.literal("report.generate"),
    userId: z.string(),
    period: z.enum(["week", "month"]),
    from: z.string().date(),
    to: z.string().date(),
  }),
  z.object({
    kind: z.literal("request.log"),
    id: z.string(),
    userId: z.string().nullable(),
    route: z.string(),
    method: z.string(),
    status: z.number().int(),
    latencyMs: z.number().int().min(0),
    provider: z.string().nullable(),
    model: z.string().nullable(),
    tokens: z.number().int().min(0).nullable(),
    at: z.number().int(),
  }),
  z.object({ kind: z.literal("events.log"), events: z.array(LoggedEventSchema).min(1).max(500) }),
  // life-log: accepted events for the archive (versioned), and a day's totals whenever the day changes
  z.object({
    kind: z.literal("activity.raw"),
    v: z.literal(1),
    userId: z.string().min(1),
    events: z.array(ActivityRecordSchema).min(1).max(500),
  }),
  z.object({ kind: z.literal("timeline.day"), userId: z.string().min(1), summary: DaySummarySchema }),
  z.object({ kind: z.literal("items.embed"), itemIds: z.array(z.string()).min(1).max(100) }),
  z.object({ kind: z.literal("resume.erase-jobs"), userId: z.string().min(1), resumeId: z.string().min(1) }),
  z.object({
    kind: z.literal("price.drop"),
    itemId: z.string(),
    from: z.number(),
    to: z.number(),
    percent: z.number(),
    at: z.number().int(),
    afterUserId: z.string().optional(),
  }),
  z.object({
    kind: z.literal("notify.price-drop"),
    itemId: z.string(),
    title: z.string(),
    from: z.number(),
    to: z.number(),
    percent: z.number(),
    at: z.number().int(),
    userIds: z.array(z.string()).min(1).max(100),
  }),
]);
export type TaskMessage = z.infer<typeof TaskMessageSchema>;

/** What lands in the dead-letter queue: the original body plus why, when we dead-letter it ourselves. */
export const DeadLetterSchema = z.object({
  reason: z.string(),
  body: z.unknown(),
});
