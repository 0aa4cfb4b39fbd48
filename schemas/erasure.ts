import { z } from "@hono/zod-openapi";

/**
 * The steps of an erasure, in the order they run. The token epoch is set before the 202 answers; the
 * user's encryption key is shredded next, so copies that cannot be reached become unreadable first.
 * `sweep` repeats the deletes after a pause, for writes that were already in flight (queued events).
 */
export const ERASURE_STEPS = [
  "revoke-tokens",
  "shred-keys",
  "actors",
  "vectors",
  "d1",
  "kv",
  "r2",
  "postgres",
  "outside",
  "sweep",
] as const;
export const ErasureStepSchema = z.enum(ERASURE_STEPS);
export type ErasureStep = z.infer<typeof ErasureStepSchema>;

/** What the erasure actor keeps while it runs (its storage is emptied when it is done). */
export const ErasurePlanSchema = z.object({
  erasureId: z.string(),
  userId: z.string(),
  requestedAt: z.number().int(),
  /** Chat sessions and jobs whose actors hold the user's data, captured before D1 loses their ids. */
  sessionIds: z.array(z.string()),
  jobIds: z.array(z.string()),
  /** Addresses the outbox rows were sent to (label verification), captured before D1 loses them. */
  emails: z.array(z.string()),
});
export type ErasurePlan = z.infer<typeof ErasurePlanSchema>;

export const ErasureIdParamSchema = z.object({
  id: z
    .string()
    .regex(/^er_[0-9a-f-]{36}$/, "an erasure id (er_ and a UUID)")
    .openapi({ param: { name: "id", in: "path" }, example: "er_0f8fad5b-d9cb-469f-a165-70867728950e" }),
});

export const ErasureAcceptedSchema = z
  .object({
    erasureId: z.string(),
    status: z.literal("running"),
    receiptUrl: z
      .string()
      .openapi({ description: "Public: the receipt holds store names and counts, no personal data" }),
  })
  .openapi("ErasureAccepted");

export const ErasureReceiptSchema = z
  .object({
    id: z.string(),
    status: z.enum(["running", "completed"]),
    requestedAt: z.string(),
    completedAt: z.string().nullable(),
    stores: z.record(z.string(), z.number().int()).openapi({
      description:
        "Rows, keys, objects or records removed per store (e.g. `d1.posts`, `actor.user`, `r2`, `postgres.user_actions`)",
    }),
    steps: z.array(z.object({ step: ErasureStepSchema, done: z.boolean() })),
  })
  .openapi("ErasureReceipt");
export type ErasureReceipt = z.infer<typeof ErasureReceiptSchema>;
