import type { Config } from "../../../schemas/config";
import type { AppEnv } from "../../env";
import { ConfigError } from "../../errors";
import { BindingRateLimiter } from "./binding";
import { UpstashRateLimiter } from "./upstash";

/** Counts calls per key in a window; a refused call says when the caller may try again. */
export interface RateLimiter {
  limit(key: string): Promise<{ success: boolean; retryAfterSeconds?: number }>;
}

export type RateLimitScope = "ip" | "user";

/**
 * The limits of each scope. They mirror wrangler.toml's [[ratelimits]] (the binding reads its own
 * numbers from there; test/unit/rate-limits.test.ts keeps the two equal) so that switching
 * RATE_LIMIT_PROVIDER changes where the counting happens, not how much is allowed.
 */
export const RATE_LIMITS: Record<RateLimitScope, { limit: number; windowSeconds: number }> = {
  user: { limit: 600, windowSeconds: 60 },
  ip: { limit: 1200, windowSeconds: 60 },
};

type RateLimitConfig = Pick<Config, "RATE_LIMIT_PROVIDER" | "UPSTASH_REDIS_REST_URL" | "UPSTASH_REDIS_REST_TOKEN">;

// One limiter per env object (one per isolate when deployed), so @upstash/ratelimit's in-memory
// cache of blocked keys outlives a request and refuses repeat offenders without a round trip.
const limiters = new WeakMap<object, Map<string, RateLimiter>>();

/** The rate limiter of `scope` that RATE_LIMIT_PROVIDER names (the Workers binding by default). */
export function createRateLimiter(env: AppEnv, config: RateLimitConfig, scope: RateLimitScope): RateLimiter {
  const id = `${config.RATE_LIMIT_PROVIDER}:${scope}`;
  let perEnv = limiters.get(env);
  const cached = perEnv?.get(id);
  if (cached) return cached;
  const limiter = build(env, config, scope);
  if (!perEnv) limiters.set(env, (perEnv = new Map()));
  perEnv.set(id, limiter);
  return limiter;
}

function build(env: AppEnv, config: RateLimitConfig, scope: RateLimitScope): RateLimiter {
  const { windowSeconds, limit } = RATE_LIMITS[scope];
  switch (config.RATE_LIMIT_PROVIDER) {
    case "binding":
      return new BindingRateLimiter(scope === "ip" ? env.IP_RATE_LIMITER : env.USER_RATE_LIMITER, windowSeconds);
    case "upstash": {
      const { UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: token } = config;
      if (!url || !token) {
        throw new ConfigError("RATE_LIMIT_PROVIDER=upstash needs UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN");
      }
      return new UpstashRateLimiter({ url, token }, { limit, windowSeconds, prefix: `edge-coach:ratelimit:${scope}` });
    }
  }
}
