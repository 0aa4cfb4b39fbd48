import { describe, expect, it } from "vitest";
import { RecommendationCache } from "../../durable-objects/user/recommendation-cache";
import type { Recommendations } from "../../schemas/events";

const answer = (itemId: string): Recommendations => ({
  items: [
    { itemId, score: 1, reason: "r", reasonCode: "similar", title: itemId, category: "c", price: 1, currency: "USD" },
  ],
  strategy: "personalized",
});

describe("RecommendationCache", () => {
  it("answers only for the taste and catalogue versions an answer was computed for", () => {
    const cache = new RecommendationCache();
    cache.put("10:", { catalogue: "g:1", tasteVersion: 3, value: answer("a") });
    expect(cache.has("10:", 3)).toBe(true);
    expect(cache.get("10:", "g:1", 3)).toEqual(answer("a"));
    expect(cache.has("10:", 4)).toBe(false);
    expect(cache.get("10:", "g:1", 4)).toBeUndefined();
    // the taste matches, so the caller asks the catalogue's version; a new one is a miss
    expect(cache.get("10:", "g:2", 3)).toBeUndefined();
    expect(cache.has("5:books", 3)).toBe(false);
  });

  it("keeps one answer per query, the newest", () => {
    const cache = new RecommendationCache();
    cache.put("10:", { catalogue: "g:1", tasteVersion: 3, value: answer("a") });
    cache.put("10:", { catalogue: "g:1", tasteVersion: 4, value: answer("b") });
    expect(cache.has("10:", 3)).toBe(false);
    expect(cache.get("10:", "g:1", 4)).toEqual(answer("b"));
  });

  it("forgets the least recently stored query past 16", () => {
    const cache = new RecommendationCache();
    for (let i = 0; i < 17; i++) cache.put(`${i}:`, { catalogue: "g", tasteVersion: 1, value: answer(String(i)) });
    expect(cache.has("0:", 1)).toBe(false);
    expect(cache.has("1:", 1)).toBe(true);
    expect(cache.has("16:", 1)).toBe(true);
  });
});

describe("RecommendationCache.answer", () => {
  const trending: Recommendations = { items: [], strategy: "trending" };

  it("asks the catalogue's version together with the first computation, before it, and keeps the answer", async () => {
    const cache = new RecommendationCache();
    const calls: string[] = [];
    const version = async () => (calls.push("version"), "g:1");
    const compute = async () => (calls.push("compute"), answer("a"));
    expect(await cache.answer("10:", () => 3, version, compute)).toEqual(answer("a"));
    expect(calls).toEqual(["version", "compute"]);
    expect(cache.get("10:", "g:1", 3)).toEqual(answer("a"));
  });

  it("answers from the cache while taste and catalogue are unchanged, and computes again when the catalogue changes", async () => {
    const cache = new RecommendationCache();
    let catalogue = "g:1";
    let computed = 0;
    const compute = async () => answer(`a${++computed}`);
    await cache.answer(
      "10:",
      () => 3,
      async () => catalogue,
      compute,
    );
    expect(
      await cache.answer(
        "10:",
        () => 3,
        async () => catalogue,
        compute,
      ),
    ).toEqual(answer("a1"));
    catalogue = "g:2";
    expect(
      await cache.answer(
        "10:",
        () => 3,
        async () => catalogue,
        compute,
      ),
    ).toEqual(answer("a2"));
    expect(cache.get("10:", "g:2", 3)).toEqual(answer("a2"));
  });

  it("computes when the taste changed while the version was asked, and keeps the answer under the new taste", async () => {
    const cache = new RecommendationCache();
    cache.put("10:", { catalogue: "g:1", tasteVersion: 3, value: answer("old") });
    let taste = 3;
    const version = async () => {
      taste = 4; // an event applied meanwhile
      return "g:1";
    };
    expect(
      await cache.answer(
        "10:",
        () => taste,
        version,
        async () => answer("new"),
      ),
    ).toEqual(answer("new"));
    expect(cache.get("10:", "g:1", 4)).toEqual(answer("new"));
  });

  it("does not keep answers that are not fully personal, or whose catalogue version is unknown", async () => {
    const cache = new RecommendationCache();
    await cache.answer(
      "10:",
      () => 1,
      async () => "g:1",
      async () => trending,
    );
    expect(cache.has("10:", 1)).toBe(false);
    await cache.answer(
      "5:",
      () => 1,
      async () => null,
      async () => answer("a"),
    );
    expect(cache.has("5:", 1)).toBe(false);
    await cache.answer(
      "6:",
      () => 1,
      () => Promise.reject(new Error("index down")),
      async () => answer("a"),
    );
    expect(cache.has("6:", 1)).toBe(false);
  });
});
