import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createCache } from "../../workers/ports/cache";
import { uniqueId } from "../helpers/api";

describe("the KV cache", () => {
  it("round-trips a value validated by its schema", async () => {
    const cache = createCache(env, "test:");
    const key = uniqueId();
    await cache.put(key, { n: 1, text: "한국어" }, 120);
    expect(await cache.get(key, z.object({ n: z.number(), text: z.string() }))).toEqual({ n: 1, text: "한국어" });
  });

  it("treats a value that no longer matches the schema as a miss", async () => {
    const cache = createCache(env, "test:");
    const key = uniqueId();
    await cache.put(key, { n: "one" }, 120);
    expect(await cache.get(key, z.object({ n: z.number() }))).toBeUndefined();
  });

  it("accepts TTLs below KV's 60-second minimum by rounding them up", async () => {
    const cache = createCache(env, "test:");
    const key = uniqueId();
    await cache.put(key, 1, 5);
    expect(await cache.get(key, z.number())).toBe(1);
    await cache.delete(key);
    expect(await cache.get(key, z.number())).toBeUndefined();
  });
});
