import { z } from "@hono/zod-openapi";
import { freeText as text, listOf, PageQuerySchema } from "./common";

export const LABEL_KEYS = ["affiliation", "role", "interest", "region", "age_band"] as const;
export const LabelKeySchema = z.enum(LABEL_KEYS);
export type LabelKey = z.infer<typeof LabelKeySchema>;
export const LabelVisibilitySchema = z.enum(["public", "private"]);

export const LabelPutSchema = z
  .strictObject({
    value: text(100),
    visibility: LabelVisibilitySchema.optional(),
    /** The organisation's email domain ("acme.com"), when the value is its name rather than its domain. */
    domain: z
      .string()
      .toLowerCase()
      .regex(/^(?=.{3,253}$)([a-z0-9-]{1,63}\.)+[a-z]{2,63}$/, "not a domain name")
      .openapi({ example: "snu.ac.kr" })
      .optional(),
  })
  .openapi("LabelPut", { example: { value: "서울대학교", visibility: "public", domain: "snu.ac.kr" } });
export type LabelPut = z.infer<typeof LabelPutSchema>;

export const LabelSchema = z
  .object({
    key: LabelKeySchema,
    value: z.string(),
    visibility: LabelVisibilitySchema,
    domain: z.string().nullable(),
    verified: z.boolean(),
    verifiedAt: z.string().nullable(),
    updatedAt: z.string(),
  })
  .openapi("Label");
export type Label = z.infer<typeof LabelSchema>;

export const LabelVerifySchema = z
  .strictObject({ email: z.email().max(254) })
  .openapi("LabelVerify", { example: { email: "jiwoo.kim@snu.ac.kr" } });
export const LabelConfirmSchema = z
  .strictObject({
    code: z
      .string()
      .regex(/^\d{6}$/, "a 6-digit code")
      .openapi({ example: "042917" }),
  })
  .openapi("LabelConfirm");

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
