import { describe, expect, it } from "vitest";
// @ts-expect-error the seed scripts are plain ES modules without declarations
import { CATEGORIES, demoCatalogue } from "../../scripts/seed/catalogue.mjs";
import { hashEmbed } from "../../workers/domain/hashing-embedder";
import { itemText, priceDropMessage } from "../../workers/domain/price-drop";

type DemoItem = { id: string; title: string; category: string; description: string; price: number; currency: string };

const HANGUL = /[\uac00-\ud7a3]/;
// Korean titles keep units and model names (26cm, USB, SPF50+), never an English word
const ENGLISH_WORD = /\b[A-Za-z][a-z]{2,}\b/;

describe("the demo catalogue", () => {
  const items = demoCatalogue(200) as DemoItem[];

  it("keeps the count, the ids and the category of item n (n % 8) the benches rely on", () => {
    const names = Object.keys(CATEGORIES);
    expect(names).toHaveLength(8);
    expect(items).toHaveLength(200);
    for (const [n, item] of items.entries()) {
      expect(item.id).toBe(`demo-${String(n).padStart(5, "0")}`);
      expect(item.category).toBe(names[n % 8]);
    }
    expect(demoCatalogue(200)).toEqual(items);
  });

  it("writes each item in one language: Korean items in KRW, English items in USD, both in every category", () => {
    for (const [n, item] of items.entries()) {
      const korean = HANGUL.test(item.title);
      expect(item.currency, item.title).toBe(korean ? "KRW" : "USD");
      if (korean) {
        expect(item.title, item.title).not.toMatch(ENGLISH_WORD);
        expect(item.description, item.description).not.toMatch(ENGLISH_WORD);
      } else {
        expect(HANGUL.test(item.description), item.description).toBe(false);
      }
      expect(item.title.endsWith(` ${n}`), `${item.title} carries its number`).toBe(false);
    }
    for (const category of Object.keys(CATEGORIES)) {
      const currencies = new Set(items.filter((i) => i.category === category).map((i) => i.currency));
      expect([...currencies].sort(), category).toEqual(["KRW", "USD"]);
    }
    expect(new Set(items.map((i) => i.title)).size).toBe(items.length);
  });

  it("clusters by category for the offline embedder: most of an item's five nearest items share its category", () => {
    const vectors = items.map((i) => hashEmbed(itemText(i), { dimensions: 384 }));
    const dot = (a: number[], b: number[]) => a.reduce((sum, x, k) => sum + x * b[k]!, 0);
    let same = 0;
    for (const [i, item] of items.entries()) {
      const nearest = items
        .map((_, j) => ({ j, similarity: j === i ? -Infinity : dot(vectors[i]!, vectors[j]!) }))
        .sort((a, b) => b.similarity - a.similarity)
        .slice(0, 5);
      same += nearest.filter(({ j }) => items[j]!.category === item.category).length;
    }
    expect(same / (items.length * 5)).toBeGreaterThanOrEqual(0.8);
  });

  it("prices like a shop: whole won ending in 900, dollars ending in .99", () => {
    for (const { price, currency, title } of items) {
      if (currency === "KRW") expect(price % 1000, title).toBe(900);
      else expect(Math.round(price * 100) % 100, title).toBe(99);
    }
  });
});

describe("the price-drop notice", () => {
  it("shows prices in the item's currency in the user's language", () => {
    expect(priceDropMessage("ko", "무쇠 주물 프라이팬 26cm", 48900, 39900, 18.4, "KRW").body).toBe(
      "₩48,900 → ₩39,900 (18.4% 할인)",
    );
    expect(priceDropMessage("en", "Burr Coffee Grinder", 119.99, 89.99, 25, "USD").body).toBe(
      "$119.99 → $89.99 (25% off)",
    );
    expect(priceDropMessage("en", "무쇠 주물 프라이팬 26cm", 48900, 39900, 18.4, "KRW").body).toBe(
      "₩48,900 → ₩39,900 (18.4% off)",
    );
  });
});
