import { z } from "@hono/zod-openapi";
import { IdSchema } from "./common";

/** What the development-only fault hooks have injected since the isolate started. */
export const FaultStatsSchema = z
  .object({
    injectedQueueFailures: z.number().int().openapi({ description: "Task messages failed on purpose" }),
    evictions: z.number().int().openapi({ description: "User actors reset by POST /v1/admin/faults/evict" }),
    poisonMessages: z.number().int().openapi({ description: "Unprocessable messages put on the task queue" }),
  })
  .openapi("FaultStats");
export type FaultStats = z.infer<typeof FaultStatsSchema>;

export const FaultsSchema = z
  .object({ queueFailureRate: z.number().min(0).max(1), stats: FaultStatsSchema })
  .openapi("Faults");

export const EvictRequestSchema = z
  .strictObject({ userId: IdSchema.openapi({ description: "Whose actor to reset" }) })
  .openapi("EvictRequest", { example: { userId: "demo-ko" } });

export const EvictResultSchema = z.object({ userId: z.string(), evicted: z.literal(true) }).openapi("EvictResult");

export const PoisonRequestSchema = z
  .strictObject({ count: z.number().int().min(1).max(100).default(1) })
  .openapi("PoisonRequest", { example: { count: 3 } });

export const PoisonResultSchema = z
  .object({ sent: z.number().int(), marker: z.string().openapi({ description: "Carried in every poison body" }) })
  .openapi("PoisonResult");
