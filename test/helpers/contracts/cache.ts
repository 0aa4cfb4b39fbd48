import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { Cache } from "../../../workers/ports/cache";
import { uniqueId } from "../api";

/** One cache adapter as the contract sees it. */
export type CacheUnderTest = {
  make(prefix: string): Cache;
  /** The shortest TTL the store keeps exactly (KV: 60 s); shorter ones are rounded up to it. */
  minTtlSeconds: number;
  /** When the store will drop the entry (epoch ms), read from the store itself; undefined if absent. */
  expiresAt(prefix: string, key: string): Promise<number | undefined>;
};

const Note = z.object({ n: z.number(), text: z.string() });

/** The behaviour every cache adapter shares (issue #18, item 7). */
export function cacheContract(name: string, store: CacheUnderTest | null) {
  describe.skipIf(!store)(`the cache contract: ${name}`, () => {
    const fresh = () => {
      const prefix = `${uniqueId("c")}:`;
      return { prefix, key: uniqueId("k"), cache: store!.make(prefix) };
    };

    it("round-trips a JSON value with Korean text, validated by its schema", async () => {
      const { cache, key } = fresh();
      await cache.put(key, { n: 1, text: "오늘의 코칭: 한 걸음씩 🌱" }, 120);
      expect(await cache.get(key, Note)).toEqual({ n: 1, text: "오늘의 코칭: 한 걸음씩 🌱" });
    });

    it("reads a key that was never written as a miss", async () => {
      const { cache, key } = fresh();
      expect(await cache.get(key, Note)).toBeUndefined();
    });

    it("treats a value that no longer matches the schema as a miss", async () => {
      const { cache, key } = fresh();
      await cache.put(key, { n: "하나", text: "x" }, 120);
      expect(await cache.get(key, Note)).toBeUndefined();
    });

    it("keeps a string that looks like a number a string", async () => {
      const { cache, key } = fresh();
      await cache.put(key, "0123", 120);
      expect(await cache.get(key, z.string())).toBe("0123");
    });

    it("forgets a deleted key", async () => {
      const { cache, key } = fresh();
      await cache.put(key, { n: 2, text: "지워질 값" }, 120);
      await cache.delete(key);
      expect(await cache.get(key, Note)).toBeUndefined();
    });

    it("keeps two prefixes apart", async () => {
      const { cache, key, prefix } = fresh();
      const other = store!.make(`${prefix}other:`);
      await cache.put(key, { n: 3, text: "첫째" }, 120);
      expect(await other.get(key, Note)).toBeUndefined();
    });

    it("keeps an entry for its TTL, rounded up to the store's minimum", async () => {
      const { cache, key, prefix } = fresh();
      const before = Date.now();
      await cache.put(key, { n: 4, text: "짧은 TTL" }, 0.5);
      expect(await cache.get(key, Note)).toEqual({ n: 4, text: "짧은 TTL" });
      const expected = before + Math.max(store!.minTtlSeconds, 1) * 1000;
      const expiresAt = await store!.expiresAt(prefix, key);
      expect(expiresAt).toBeGreaterThanOrEqual(expected - 1000);
      expect(expiresAt).toBeLessThanOrEqual(expected + 2000);
    });

    // KV's 60-second minimum is longer than a test may wait; its expiry is checked by the time it records
    it.runIf(store && store.minTtlSeconds <= 1)("drops an entry once its TTL has passed", async () => {
      const { cache, key } = fresh();
      await cache.put(key, { n: 5, text: "곧 사라짐" }, 1);
      await new Promise((resolve) => setTimeout(resolve, 1200));
      expect(await cache.get(key, Note)).toBeUndefined();
    });
  });
}
