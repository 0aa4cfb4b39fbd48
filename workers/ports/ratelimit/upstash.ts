import { Ratelimit } from "@upstash/ratelimit";
import type { RateLimiter } from ".";
import { upstashCall, upstashRedis, type UpstashRedisConfig } from "../redis/upstash";

export type UpstashLimits = { limit: number; windowSeconds: number; prefix: string };

// A Redis that answers slower than this lets the request through (@upstash/ratelimit's fail-open
// timeout): the limiter protects the API, it should not take it down with it. Refusals and
// errors (Redis down, token refused) are not affected by it.
const TIMEOUT_MS = 1000;

/**
 * The rate limiter on Upstash Redis: one count per key across all locations (the binding counts per
 * location), in fixed windows like the binding's, so a key gets the same allowance from either.
 */
export class UpstashRateLimiter implements RateLimiter {
  private readonly ratelimit: Ratelimit;

  constructor(
    private readonly config: UpstashRedisConfig,
    { limit, windowSeconds, prefix }: UpstashLimits,
  ) {
    this.ratelimit = new Ratelimit({
      redis: upstashRedis(config),
      limiter: Ratelimit.fixedWindow(limit, `${windowSeconds} s`),
      prefix,
      timeout: TIMEOUT_MS,
      analytics: false,
      enableProtection: false,
    });
  }

  async limit(key: string) {
    const { success, reset } = await upstashCall(this.config, "a rate-limit check", () => this.ratelimit.limit(key));
    if (success) return { success };
    return { success, retryAfterSeconds: Math.max(1, Math.ceil((reset - Date.now()) / 1000)) };
  }
}
