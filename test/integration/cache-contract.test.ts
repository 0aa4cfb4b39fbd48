import { env } from "cloudflare:workers";
import { configOf } from "../../workers/env";
import { createCache } from "../../workers/ports/cache";
import { UPSTASH_CACHE_NAMESPACE } from "../../workers/ports/cache/upstash";
import { cacheContract } from "../helpers/contracts/cache";
import { redisCommand, redisRest } from "../helpers/redis-rest";

cacheContract("Workers KV (the default)", {
  make: (prefix) => createCache(env, prefix),
  minTtlSeconds: 60,
  async expiresAt(prefix, key) {
    const { keys } = await env.CACHE.list({ prefix: prefix + key });
    const expiration = keys.find((k) => k.name === prefix + key)?.expiration;
    return expiration === undefined ? undefined : expiration * 1000;
  },
});

cacheContract(
  "Upstash Redis",
  redisRest && {
    make: (prefix) =>
      createCache(env, prefix, {
        ...configOf(env),
        CACHE_PROVIDER: "upstash",
        UPSTASH_REDIS_REST_URL: redisRest!.url,
        UPSTASH_REDIS_REST_TOKEN: redisRest!.token,
      }),
    minTtlSeconds: 1,
    async expiresAt(prefix, key) {
      const at = Number(await redisCommand(["PEXPIRETIME", UPSTASH_CACHE_NAMESPACE + prefix + key]));
      return at > 0 ? at : undefined;
    },
  },
);
