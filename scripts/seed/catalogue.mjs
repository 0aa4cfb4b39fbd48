// A deterministic demo catalogue: eight categories, each with Korean items (priced in KRW) and English
// items (priced in USD). Every title and description is in one language; products of a category share
// vocabulary within their language, so embeddings cluster the way shoppers would expect.
import { PRODUCTS } from "./products.mjs";

/**
 * The categories, in the order items cycle through them (item n is in category n % 8: the benches rely
 * on it), with the words a shopper of the category types in either language (scripts/simulate.mjs).
 */
export const CATEGORIES = {
  books: { words: "novel essay cookbook reading story author 소설 에세이 독서 작가" },
  games: { words: "board game cards dice players puzzle 보드게임 카드 주사위 퍼즐" },
  kitchen: { words: "pan knife cooking kitchen coffee recipe 프라이팬 칼 요리 주방" },
  audio: { words: "headphones earbuds speaker music sound wireless 헤드폰 이어폰 스피커 음악" },
  outdoor: { words: "tent camping hiking backpack trail 텐트 캠핑 등산 배낭" },
  fitness: { words: "yoga workout dumbbells running training 요가 운동 덤벨 러닝" },
  stationery: { words: "notebook pen planner ink writing 노트 만년필 플래너 필기" },
  beauty: { words: "sunscreen serum moisturizer skin care 선크림 세럼 수분크림 피부" },
};

/** Item n's language: categories alternate, so both languages appear in every category. */
export const CURRENCY = { en: "USD", ko: "KRW" };

/** A small seeded PRNG (mulberry32), so the catalogue is the same on every machine. */
export function rng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A shop price: KRW in hundreds ending in 900 (18,900), USD ending in .99 (24.99). */
export function shopPrice(amount, currency) {
  if (currency === "KRW") return Math.max(1_900, Math.round(amount / 1_000) * 1_000 - 100);
  return Math.max(0.99, Math.round(amount) - 0.01);
}

/** Every product × variant of a category in one language, in an order shuffled by `random`. */
function offers(category, lang, random) {
  const { products, variants } = PRODUCTS[category][lang];
  const all = products.flatMap((product) => variants.map((variant) => ({ product, variant })));
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [all[i], all[j]] = [all[j], all[i]];
  }
  return all;
}

/**
 * `count` items spread over the categories (item n in category n % 8), alternately English (USD) and
 * Korean (KRW) within each category; ids are `${prefix}-${n}`. Titles repeat only once every
 * product × variant of a category and language has been used.
 */
export function demoCatalogue(count = 200, { prefix = "demo", seed = 42 } = {}) {
  const random = rng(seed);
  const names = Object.keys(CATEGORIES);
  const decks = new Map();
  return Array.from({ length: count }, (_, n) => {
    const category = names[n % names.length];
    const round = Math.floor(n / names.length);
    const lang = round % 2 === 0 ? "en" : "ko";
    const key = `${category}.${lang}`;
    if (!decks.has(key)) decks.set(key, offers(category, lang, random));
    const deck = decks.get(key);
    const { product, variant } = deck[Math.floor(round / 2) % deck.length];
    const currency = CURRENCY[lang];
    const base = product.price * (variant.factor ?? 1) * (0.95 + random() * 0.1);
    return {
      id: `${prefix}-${String(n).padStart(5, "0")}`,
      title: variant.name ? `${product.name} ${variant.name}` : product.name,
      category,
      description: variant.note ? `${product.about} ${variant.note}` : product.about,
      price: shopPrice(base, currency),
      currency,
      stock: Math.floor(random() * 100),
    };
  });
}
