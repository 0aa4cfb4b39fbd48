import { z } from "@hono/zod-openapi";
import { listOf, PageQuerySchema } from "./common";

/** A stored dead letter as the operations routes show it (`body` is the message as it was queued). */
export const DeadLetterViewSchema = z
  .object({
    id: z.string(),
    queue: z.string(),
    reason: z.string().nullable().openapi({ description: '"invalid", "retries exhausted" …' }),
    body: z.unknown(),
    attempts: z.number().int(),
    receivedAt: z.string(),
  })
  .openapi("DeadLetter");
export type DeadLetterView = z.infer<typeof DeadLetterViewSchema>;

export const DeadLetterListSchema = listOf(DeadLetterViewSchema, "DeadLetterList");

export const DeadLetterQuerySchema = PageQuerySchema;

export const DeadLetterIdParamSchema = z.object({ id: z.string().min(1).max(128) });

export const RedriveResultSchema = z.object({ id: z.string(), redriven: z.literal(true) }).openapi("RedriveResult");
