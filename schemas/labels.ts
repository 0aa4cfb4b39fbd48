import { z } from "@hono/zod-openapi";
import { listOf, PageQuerySchema } from "./common";
import { LabelKeySchema, LabelSchema } from "./lifelog";

/** `{key}` in the label routes: only the fixed vocabulary, anything else is a 400. */
export const LabelKeyParamSchema = z.object({
  key: LabelKeySchema.openapi({ param: { name: "key", in: "path" }, example: "affiliation" }),
});

export const LabelListSchema = z.object({ items: z.array(LabelSchema) }).openapi("LabelList");

export const VerificationSentSchema = z
  .object({
    sentTo: z.string().openapi({ description: "The address the code went to, masked", example: "k***@snu.ac.kr" }),
    expiresAt: z.string().openapi({ description: "When the code stops working (10 minutes after sending)" }),
  })
  .openapi("LabelVerificationSent");
export type VerificationSent = z.infer<typeof VerificationSentSchema>;

/** An email the default (outbox) email port recorded instead of sending. */
export const OutboxEmailSchema = z
  .object({
    id: z.string(),
    to: z.string(),
    subject: z.string(),
    text: z.string(),
    createdAt: z.string(),
  })
  .openapi("OutboxEmail");
export type OutboxEmail = z.infer<typeof OutboxEmailSchema>;

export const OutboxEmailListSchema = listOf(OutboxEmailSchema, "OutboxEmailList");
export const OutboxEmailQuerySchema = PageQuerySchema;
