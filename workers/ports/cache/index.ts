import type { z } from "zod";
import type { Config } from "../../../schemas/config";
import { configOf, type AppEnv } from "../../env";
import { ConfigError } from "../../errors";
import { KvCache } from "./kv";
import { UpstashCache } from "./upstash";

/** A JSON cache with TTL. Values are validated on the way out: the cache is a trust boundary too. */
export interface Cache {
  get<T>(key: string, schema: z.ZodType<T>): Promise<T | undefined>;
  /** `ttlSeconds` is a lower bound where the store has a minimum (KV: 60 s). */
  put(key: string, value: unknown, ttlSeconds: number): Promise<void>;
  delete(key: string): Promise<void>;
}

type CacheConfig = Pick<Config, "CACHE_PROVIDER" | "UPSTASH_REDIS_REST_URL" | "UPSTASH_REDIS_REST_TOKEN">;

/** The cache CACHE_PROVIDER names (KV by default); `prefix` keeps one user's keys apart from another's. */
export function createCache(env: AppEnv, prefix = "", config: CacheConfig = configOf(env)): Cache {
  switch (config.CACHE_PROVIDER) {
    case "kv":
      return new KvCache(env.CACHE, prefix);
    case "upstash": {
      const { UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: token } = config;
      if (!url || !token) {
        throw new ConfigError("CACHE_PROVIDER=upstash needs UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN");
      }
      return new UpstashCache({ url, token }, prefix);
    }
  }
}
