import { env } from "cloudflare:workers";
import { Redis } from "@upstash/redis/cloudflare";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { AppBindings } from "../../workers/api/types";
import { rateLimit } from "../../workers/api/middleware/rate-limit";
import { onError } from "../../workers/api/problem";
import { configOf } from "../../workers/env";
import { ConfigError } from "../../workers/errors";
import { createCache } from "../../workers/ports/cache";
import { createRateLimiter } from "../../workers/ports/ratelimit";
import { UpstashRedisError } from "../../workers/ports/redis/upstash";
import { uniqueId } from "../helpers/api";
import { redisRest } from "../helpers/redis-rest";

const upstash = (overrides: { url?: string; token?: string } = {}) => ({
  ...configOf(env),
  CACHE_PROVIDER: "upstash" as const,
  RATE_LIMIT_PROVIDER: "upstash" as const,
  UPSTASH_REDIS_REST_URL: overrides.url ?? redisRest?.url,
  UPSTASH_REDIS_REST_TOKEN: overrides.token ?? redisRest?.token,
});

// nothing listens on port 9 (discard) on the test machines, so the connection is refused at once
const DOWN = "http://127.0.0.1:9";

describe("choosing the Upstash adapters by configuration", () => {
  it("refuses CACHE_PROVIDER=upstash without the REST URL and token", () => {
    const config = { ...configOf(env), CACHE_PROVIDER: "upstash" as const };
    expect(() => createCache(env, "", config)).toThrow(ConfigError);
    expect(() => createCache(env, "", config)).toThrow(/UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN/);
  });

  it("refuses RATE_LIMIT_PROVIDER=upstash without the REST URL and token", () => {
    const config = { ...configOf(env), RATE_LIMIT_PROVIDER: "upstash" as const };
    expect(() => createRateLimiter({ ...env }, config, "ip")).toThrow(/RATE_LIMIT_PROVIDER=upstash needs/);
  });
});

describe("a clear error when Upstash Redis cannot serve", () => {
  it("names the server when the cache's REST server is down", async () => {
    const cache = createCache(env, "", upstash({ url: DOWN, token: "x" }));
    const read = cache.get("k", z.string());
    await expect(read).rejects.toThrow(UpstashRedisError);
    await expect(read).rejects.toThrow(/Upstash Redis at http:\/\/127\.0\.0\.1:9 is unreachable \(a cache read\)/);
  });

  it("names the server when the rate limiter's REST server is down", async () => {
    const limiter = createRateLimiter({ ...env }, upstash({ url: DOWN, token: "x" }), "ip");
    await expect(limiter.limit("ip:198.51.100.1")).rejects.toThrow(/is unreachable \(a rate-limit check\)/);
  });

  describe.skipIf(!redisRest)("with a token the server refuses (401)", () => {
    it("fails a cache write with a ConfigError that names the token and not the value", async () => {
      const cache = createCache(env, "", upstash({ token: "wrong" }));
      const write = cache.put("k", { secret: "민감한 값" }, 60);
      await expect(write).rejects.toThrow(ConfigError);
      await expect(write).rejects.toThrow(/refused UPSTASH_REDIS_REST_TOKEN \(WRONGPASS/);
      await expect(write).rejects.not.toThrow(/민감한/);
    });

    it("fails a rate-limit check with a ConfigError rather than letting the request through", async () => {
      const limiter = createRateLimiter({ ...env }, upstash({ token: "wrong" }), "user");
      await expect(limiter.limit("user:u1")).rejects.toThrow(ConfigError);
    });
  });
});

describe.skipIf(!redisRest)("the rate-limit middleware on Upstash", () => {
  const app = (bindings: object) => {
    const hono = new Hono<AppBindings>();
    hono.onError(onError);
    hono.use(async function withConfig(c, next) {
      c.set("config", configOf(c.env));
      await next();
    });
    hono.use(rateLimit("ip"));
    hono.get("/ping", (c) => c.text("pong"));
    const request = (ip: string) => hono.request("/ping", { headers: { "CF-Connecting-IP": ip } }, bindings);
    return { request };
  };
  const bindings = (token: string) => ({
    ...env,
    RATE_LIMIT_PROVIDER: "upstash",
    UPSTASH_REDIS_REST_URL: redisRest!.url,
    UPSTASH_REDIS_REST_TOKEN: token,
  });

  it("lets a request within the limit through", async () => {
    const res = await app(bindings(redisRest!.token)).request("203.0.113.7");
    expect(res.status).toBe(200);
  });

  it("asks Upstash, not the binding: a refused token answers 503 problem+json", async () => {
    const res = await app(bindings("wrong")).request("203.0.113.8");
    expect(res.status).toBe(503);
    expect(res.headers.get("Content-Type")).toContain("application/problem+json");
  });

  it("answers 503 with Retry-After, not 500, while Upstash is unreachable", async () => {
    const down = { ...bindings(redisRest!.token), UPSTASH_REDIS_REST_URL: "http://127.0.0.1:9" };
    const res = await app(down).request("203.0.113.9");
    expect(res.status).toBe(503);
    expect(res.headers.get("Retry-After")).toBe("5");
    expect(((await res.json()) as { type: string }).type).toMatch(/dependency-unavailable$/);
  });
});

describe.skipIf(!redisRest)("@upstash/redis/cloudflare against the REST server", () => {
  const redis = () => new Redis({ url: redisRest!.url, token: redisRest!.token, enableTelemetry: false });

  it("round-trips Korean text through the base64 response encoding", async () => {
    const key = uniqueId("kr");
    await redis().set(key, "안녕하세요, 코치입니다");
    expect(await redis().get(key)).toBe("안녕하세요, 코치입니다");
  });

  it("runs a pipeline and reports each command's own result", async () => {
    const key = uniqueId("p");
    const results = await redis().pipeline().set(key, "가나다").strlen(key).incr(uniqueId("n")).exec();
    expect(results).toEqual(["OK", 9, 1]);
  });

  it("runs a transaction atomically through /multi-exec", async () => {
    const key = uniqueId("m");
    const results = await redis().multi().incr(key).incr(key).get(key).exec();
    expect(results).toEqual([1, 2, 2]);
  });

  it("reports a command error inside a pipeline without failing the others", async () => {
    const key = uniqueId("e");
    const client = redis();
    await client.set(key, "글자");
    const results = await client.pipeline().incr(key).get(key).exec({ keepErrors: true });
    expect(results[0]).toMatchObject({ error: expect.stringMatching(/not an integer/) });
    expect(results[1]).toMatchObject({ result: "글자" });
  });
});
