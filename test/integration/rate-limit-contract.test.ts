import { env } from "cloudflare:workers";
import { configOf } from "../../workers/env";
import { createRateLimiter } from "../../workers/ports/ratelimit";
import { UpstashRateLimiter } from "../../workers/ports/ratelimit/upstash";
import { uniqueId } from "../helpers/api";
import { rateLimitContract } from "../helpers/contracts/rate-limit";
import { redisRest } from "../helpers/redis-rest";

// vitest.config.mts gives the user binding 40 calls a minute, so the limit is reachable in a test
rateLimitContract("the Workers Rate Limiting binding (the default)", {
  make: () => createRateLimiter(env, configOf(env), "user"),
  limit: 40,
  windowSeconds: 60,
});

rateLimitContract(
  "Upstash Redis (@upstash/ratelimit)",
  redisRest && {
    make: () =>
      new UpstashRateLimiter(
        { url: redisRest!.url, token: redisRest!.token },
        { limit: 5, windowSeconds: 2, prefix: uniqueId("rl-contract") },
      ),
    limit: 5,
    windowSeconds: 2,
  },
);
