import { z } from "zod";
import { LlmProviderSpecSchema } from "./llm";

const flag = (fallback: boolean) =>
  z
    .enum(["true", "false", "1", "0"])
    .optional()
    .transform((v) => (v === undefined ? fallback : v === "true" || v === "1"));

const jsonArray = <T extends z.ZodType>(item: T) =>
  z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (!raw) return undefined;
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: "must be a JSON array" });
        return z.NEVER;
      }
    })
    .pipe(z.array(item).optional());

/**
 * Every variable the Worker reads, with its default. Secrets (JWT_SECRET, OPENAI_API_KEY …) come
 * from `.dev.vars` or `wrangler secret`, so they are not in the generated `Env`; this schema is the
 * one place that names and validates them. `.dev.vars.example` documents the same list.
 */
export const ConfigSchema = z.object({
  // fail closed: with no ENVIRONMENT at all the Worker is production (see wrangler.toml [vars])
  ENVIRONMENT: z.enum(["development", "test", "production"]).default("production"),
  JWT_SECRET: z.string().min(32, "JWT_SECRET must be at least 32 characters").optional(),
  JWT_ISSUER: z.string().min(1).default("edge-coach"),
  JWT_AUDIENCE: z.string().min(1).default("edge-coach-api"),
  JWKS_URL: z.url().optional(),
  TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(2_592_000).default(43_200),
  CORS_ORIGINS: z.string().default("*"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(104_857_600).default(1_048_576),
  RATE_LIMIT_ENABLED: flag(true),
  LLM_PROVIDERS: jsonArray(LlmProviderSpecSchema),
  OPENAI_BASE_URL: z.url().optional(),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_MODEL: z.string().default("gpt-4o-mini"),
  WORKERS_AI_MODEL: z.string().default("@cf/meta/llama-3.1-8b-instruct"),
  LLM_OFFLINE_FALLBACK: flag(true),
  LLM_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(20_000),
  LLM_BREAKER_THRESHOLD: z.coerce.number().int().min(1).max(100).default(3),
  LLM_BREAKER_COOLDOWN_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  // the offline provider's reading pace (#21): its streamed answers at this many tokens a second, and an
  // interview job's stages shown for at least 20 tokens' time each while it answers; 0 = no pacing (tests, benches)
  OFFLINE_TOKENS_PER_SECOND: z.coerce.number().min(0).max(1000).default(30),
  EMBEDDINGS_PROVIDER: z.enum(["hashing", "workers-ai", "openai"]).default("hashing"),
  EMBEDDINGS_DIMENSIONS: z.coerce.number().int().min(16).max(4096).default(384),
  WORKERS_AI_EMBEDDINGS_MODEL: z.string().default("@cf/baai/bge-m3"),
  OPENAI_EMBEDDINGS_MODEL: z.string().default("text-embedding-3-small"),
  VECTOR_INDEX_PROVIDER: z.enum(["embedded", "vectorize", "elasticsearch", "upstash"]).default("embedded"),
  // outside services, each used only when configured (docs/DEPLOY.md); the embedded defaults need none
  ELASTICSEARCH_URL: z.url().optional(),
  ELASTICSEARCH_API_KEY: z.string().optional(),
  ELASTICSEARCH_INDEX_PREFIX: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,40}$/, "lower-case letters, digits, _ and -")
    .default("edge-coach"),
  UPSTASH_VECTOR_REST_URL: z.url().optional(),
  UPSTASH_VECTOR_REST_TOKEN: z.string().optional(),
  CACHE_PROVIDER: z.enum(["kv", "upstash"]).default("kv"),
  RATE_LIMIT_PROVIDER: z.enum(["binding", "upstash"]).default("binding"),
  UPSTASH_REDIS_REST_URL: z.url().optional(),
  UPSTASH_REDIS_REST_TOKEN: z.string().optional(),
  KAFKA_REST_URL: z.url().optional(),
  KAFKA_REST_API: z.enum(["v2", "v3"]).default("v2"),
  KAFKA_CLUSTER_ID: z.string().optional(),
  KAFKA_REST_USERNAME: z.string().optional(),
  KAFKA_REST_PASSWORD: z.string().optional(),
  WIDGET_ALLOWED_ORIGINS: z.string().default("*"),
  LIVE_REPLAY_LIMIT: z.coerce.number().int().min(0).max(10_000).default(200),
  PREF_HALF_LIFE_EVENTS: z.coerce.number().min(0.5).max(1000).default(4),
  PREF_HALF_LIFE_HOURS: z.coerce
    .number()
    .min(0.01)
    .max(24 * 365)
    .default(72),
  RECENT_ITEMS_LIMIT: z.coerce.number().int().min(1).max(1000).default(50),
  TRENDING_HALF_LIFE_HOURS: z.coerce
    .number()
    .min(0.01)
    .max(24 * 365)
    .default(24),
  PRICE_DROP_THRESHOLD_PERCENT: z.coerce.number().min(0).max(100).default(5),
  PRICE_DROP_INTEREST_DAYS: z.coerce.number().int().min(1).max(365).default(14),
  // life-log: equal activities closer than this join into one block (ActivityWatch's pulse window)
  LIFELOG_PULSE_MINUTES: z.coerce.number().min(0).max(120).default(5),
  // days a user's actor keeps hot; older days are archived to D1
  LIFELOG_HOT_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  BEHAVIOUR_LOG_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  // an erasure (DELETE /v1/me) repeats its deletes this long after it began, for writes already in flight
  ERASURE_SWEEP_DELAY_SECONDS: z.coerce.number().int().min(0).max(86_400).default(120),
  // Fault injection for the stress suite (workers/faults.ts): the share of task messages the consumer
  // fails on purpose. Development only: production refuses to start with anything but 0.
  FAULT_QUEUE_FAILURE_RATE: z.coerce.number().min(0).max(1).default(0),
  // Stripe (#20): the webhook signing secret (outside production DEV_STRIPE_WEBHOOK_SECRET when unset),
  // and the API key and price that POST /v1/billing/checkout needs (absent: 503, use `npm run stripe:send`)
  STRIPE_WEBHOOK_SECRET: z.string().startsWith("whsec_", "STRIPE_WEBHOOK_SECRET starts with whsec_").optional(),
  STRIPE_SECRET_KEY: z.string().min(1).optional(),
  STRIPE_PRICE_ID: z.string().min(1).optional(),
  // where the Stripe client sends API calls (default Stripe's own); tests point it at a local stand-in
  STRIPE_API_URL: z.url().optional(),
  // Shared analytics report links (#20): the HMAC key that signs GET /v1/shared/{token} (outside production
  // DEV_SHARE_LINK_SECRET when unset; production needs its own and refuses that one) and how long a link lives
  SHARE_LINK_SECRET: z.string().min(32, "SHARE_LINK_SECRET must be at least 32 characters").optional(),
  SHARE_LINK_TTL_SECONDS: z.coerce.number().int().min(60).max(31_536_000).default(604_800),
});
export type Config = z.infer<typeof ConfigSchema>;

/** Development-only HS256 secret, so `npm run dev` works with no `.dev.vars`; production refuses it. */
export const DEV_JWT_SECRET = "edge-coach-development-secret-not-for-production";

/** Development-only Stripe webhook secret (API.md), so tests and `npm run stripe:send` can sign events; production refuses it. */
export const DEV_STRIPE_WEBHOOK_SECRET = "whsec_edge_coach_development";

/** Development-only key of shared report links, so local runs and tests sign them; production refuses it. */
export const DEV_SHARE_LINK_SECRET = "edge-coach-development-share-links-not-for-production";
