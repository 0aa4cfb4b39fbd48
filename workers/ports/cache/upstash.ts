import type { z } from "zod";
import type { Cache } from ".";
import { upstashCall, upstashRedis, type UpstashRedisConfig } from "../redis/upstash";

// Keeps the cache's keys apart from the rate limiter's and from anything else sharing the database.
export const UPSTASH_CACHE_NAMESPACE = "edge-coach:cache:";

/**
 * The cache on Upstash Redis: one global store with exact TTLs down to a second (KV's minimum is 60 s)
 * and writes visible at once, for deployments whose cache entries must expire or change quickly.
 */
export class UpstashCache implements Cache {
  private readonly redis;

  constructor(
    private readonly config: UpstashRedisConfig,
    private readonly prefix = "",
  ) {
    this.redis = upstashRedis(config);
  }

  async get<T>(key: string, schema: z.ZodType<T>): Promise<T | undefined> {
    const raw = await upstashCall(this.config, "a cache read", () => this.redis.get<string>(this.keyOf(key)));
    if (typeof raw !== "string") return undefined;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      return undefined;
    }
    const parsed = schema.safeParse(value);
    return parsed.success ? parsed.data : undefined;
  }

  async put(key: string, value: unknown, ttlSeconds: number): Promise<void> {
    const ex = Math.max(1, Math.ceil(ttlSeconds));
    await upstashCall(this.config, "a cache write", () =>
      this.redis.set(this.keyOf(key), JSON.stringify(value), { ex }),
    );
  }

  async delete(key: string): Promise<void> {
    await upstashCall(this.config, "a cache delete", () => this.redis.del(this.keyOf(key)));
  }

  private keyOf(key: string) {
    return UPSTASH_CACHE_NAMESPACE + this.prefix + key;
  }
}
