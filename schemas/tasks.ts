import { z } from "zod";
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
]);
export type TaskMessage = z.infer<typeof TaskMessageSchema>;

/** What lands in the dead-letter queue: the original body plus why, when we dead-letter it ourselves. */
export const DeadLetterSchema = z.object({
  reason: z.string(),
  body: z.unknown(),
});
