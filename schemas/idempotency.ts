import { z } from "zod";

/** `Idempotency-Key` values: opaque client strings, as in the IETF httpapi idempotency draft. */
export const IdempotencyKeySchema = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces");

export const StoredResponseSchema = z.object({
  status: z.number().int(),
  contentType: z.string(),
  body: z.string(),
});
export type StoredResponse = z.infer<typeof StoredResponseSchema>;

export type IdempotencyBegin =
  { state: "new" } | { state: "done"; response: StoredResponse } | { state: "in-progress" } | { state: "mismatch" };
