import { describe, expect, it } from "vitest";
import { RecommendationCache } from "../../durable-objects/user/recommendation-cache";
import type { Recommendations } from "../../schemas/events";

const answer = (itemId: string): Recommendations => ({
  items: [{ itemId, score: 1, reason: "r", reasonCode: "similar", title: itemId, category: "c", price: 1 }],
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
