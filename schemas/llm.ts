import { z } from "zod";

export const ChatRoleSchema = z.enum(["system", "user", "assistant"]);
export const ChatMessageSchema = z.object({
  role: ChatRoleSchema,
  content: z.string(),
});
export type ChatMessage = z.infer<typeof ChatMessageSchema>;

export const ChatRequestSchema = z.object({
  messages: z.array(ChatMessageSchema).min(1),
  temperature: z.number().min(0).max(2).optional(),
  maxTokens: z.number().int().min(1).max(32_768).optional(),
});
export type ChatRequest = z.infer<typeof ChatRequestSchema>;

/** One entry of `LLM_PROVIDERS` (a JSON array); order is the fallback order. */
export const LlmProviderSpecSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("openai"),
    name: z.string().min(1),
    baseURL: z.url(),
    apiKey: z.string().default("not-needed"),
    model: z.string().min(1),
    priority: z.number().int().min(0).max(1000).optional(),
  }),
  z.object({
    kind: z.literal("workers-ai"),
    name: z.string().min(1).default("workers-ai"),
    model: z.string().min(1),
    priority: z.number().int().min(0).max(1000).optional(),
  }),
  z.object({ kind: z.literal("offline"), name: z.string().min(1).default("offline") }),
]);
export type LlmProviderSpec = z.infer<typeof LlmProviderSpecSchema>;

/** One provider's try during a chain call, kept so callers can see why a fallback happened. */
export const LlmAttemptSchema = z.object({
  provider: z.string(),
  ok: z.boolean(),
  skipped: z.boolean().optional(),
  error: z.string().optional(),
  ms: z.number(),
});
export type LlmAttempt = z.infer<typeof LlmAttemptSchema>;
