import { describe, expect, it } from "vitest";
import { ItemCache, type CachedItem } from "../../workers/ports/vectors/item-cache";

const item = (id: string, title = id): CachedItem => ({ id, title, category: "c", vector: Float32Array.of(1, 0) });

describe("ItemCache", () => {
  it("answers what it was given until the TTL runs out, then nothing", () => {
    const cache = new ItemCache(10, 1_000);
    cache.set(item("a"), 0);
    expect(cache.get("a", 999)?.title).toBe("a");
    expect(cache.get("a", 1_000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it("drops the least recently used item when full, counting reads as use", () => {
    const cache = new ItemCache(2, 60_000);
    cache.set(item("a"), 0);
    cache.set(item("b"), 0);
    cache.get("a", 1); // now b is the least recently used
    cache.set(item("c"), 2);
    expect([cache.get("a", 3)?.id, cache.get("b", 3)?.id, cache.get("c", 3)?.id]).toEqual(["a", undefined, "c"]);
  });

  it("replaces an item set again and restarts its TTL", () => {
    const cache = new ItemCache(10, 1_000);
    cache.set(item("a", "old"), 0);
    cache.set(item("a", "new"), 900);
    expect(cache.get("a", 1_500)?.title).toBe("new");
    expect(cache.size).toBe(1);
  });

  it("forgets the ids it is told to, and only those", () => {
    const cache = new ItemCache(10, 60_000);
    for (const id of ["a", "b", "c"]) cache.set(item(id), 0);
    cache.forget(["a", "c", "missing"]);
    expect([cache.get("a", 1), cache.get("b", 1)?.id, cache.get("c", 1)]).toEqual([undefined, "b", undefined]);
  });
});
