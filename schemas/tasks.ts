import { z } from "zod";
import { LoggedEventSchema } from "./events";
import { ActivityRecordSchema, DaySummarySchema } from "./lifelog";
import { LiveTypeSchema } from "./live";

/** Messages on the `edge-coach-tasks` queue, as code sends them. Product lines add variants here. */
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
    /** The asking HTTP request of a coach turn (whose `id` is its own); absent on a request's log (= `id`). */
    requestId: z.string().nullable().optional(),
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
    /** The item's ISO 4217 currency; absent in messages queued before it was carried (shown as plain numbers). */
    currency: z.string().optional(),
    from: z.number(),
    to: z.number(),
    percent: z.number(),
    at: z.number().int(),
    userIds: z.array(z.string()).min(1).max(100),
  }),
]);
export type TaskMessage = z.infer<typeof TaskMessageSchema>;

/**
 * Every message travels with a schema version, stamped by the bus: `v: 2` since versions began.
 * Version 1 is what earlier deployments sent (no `v`, except `activity.raw`, which carried `v: 1`),
 * with the same bodies (a behaviour-log event of either may lack `category`: the consumer looks the item
 * up). A consumer reads both during a deploy, while old messages drain; a version it does not know is
 * refused with the reason, never guessed at. A body change bumps the version and adds an upgrade here.
 */
export const TASK_MESSAGE_VERSION = 2;
const READABLE_VERSIONS = new Set([1, 2]);

export type VersionedTask = TaskMessage & { v: typeof TASK_MESSAGE_VERSION };

/** The wire form of a message: the body and the current version. */
export const stampVersion = (message: TaskMessage): VersionedTask => ({
  ...TaskMessageSchema.parse(message),
  v: TASK_MESSAGE_VERSION,
});

/** Reads a message of the current or the previous version as the current body. */
export function readTaskMessage(
  raw: unknown,
): { success: true; data: TaskMessage; version: number } | { success: false; reason: string } {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return { success: false, reason: "not an object" };
  const { v, ...body } = raw as Record<string, unknown>;
  const version = v === undefined ? 1 : v;
  if (typeof version !== "number" || !READABLE_VERSIONS.has(version))
    return { success: false, reason: `unknown message version ${JSON.stringify(v)}` };
  const parsed = TaskMessageSchema.safeParse(body);
  if (!parsed.success) return { success: false, reason: `invalid ${String(body.kind)} message (v${version})` };
  return { success: true, data: parsed.data, version };
}

/** What lands in the dead-letter queue: the original body plus why, when we dead-letter it ourselves. */
export const DeadLetterSchema = z.object({
  reason: z.string(),
  body: z.unknown(),
});
