import { api, newUser, uniqueId } from "./api";

/** A small catalogue in three categories whose texts cluster by category, in both languages. */
export const CATALOGUE = {
  books: [
    "Mystery novel paperback",
    "Science fiction novel hardcover",
    "한국 현대 소설 단편집",
    "Fantasy novel trilogy box set",
    "Poetry book collection",
  ],
  games: [
    "Strategy board game for families",
    "Cooperative card game",
    "Puzzle video game cartridge",
    "보드게임 전략 카드 게임",
    "Party dice game",
  ],
  kitchen: [
    "Cast iron frying pan",
    "Chef knife stainless steel",
    "주방 냄비 세트 스테인리스",
    "Wooden cutting board",
    "Espresso coffee grinder",
  ],
} as const;
export type Category = keyof typeof CATALOGUE;

export type SeededItem = { id: string; category: Category; title: string };

/** Seeds the catalogue through the admin API with ids unique to this call; returns them by category. */
export async function seedCatalogue(prefix = uniqueId("cat")) {
  const admin = await newUser("admin");
  const items: SeededItem[] = [];
  for (const [category, titles] of Object.entries(CATALOGUE) as [Category, readonly string[]][]) {
    for (const [i, title] of titles.entries()) {
      const id = `${prefix}-${category}-${i}`;
      const res = await api(`/v1/items/${id}`, {
        method: "PUT",
        token: admin.token,
        json: {
          title,
          category: `${prefix}-${category}`,
          description: `${category} ${title}`,
          price: 100 + i,
          stock: 10,
        },
      });
      if (res.status !== 200) throw new Error(`seeding ${id}: ${res.status} ${await res.text()}`);
      items.push({ id, category, title });
    }
  }
  const byCategory = (c: Category) => items.filter((i) => i.category === c);
  return { admin, items, byCategory, categoryName: (c: Category) => `${prefix}-${c}` };
}

let trace = 0;
export const traceId = () =>
  `t-${Date.now().toString(36)}-${(trace++).toString(36)}-${Math.random().toString(36).slice(2, 6)}`;

export async function sendEvents(token: string, events: object[]) {
  const res = await api("/v1/events", { method: "POST", token, json: { events } });
  return {
    status: res.status,
    body: (await res.json()) as { accepted: number; duplicates: number; rejected: { index: number; reason: string }[] },
  };
}

export type Recs = {
  items: { itemId: string; reason: string; reasonCode: string; basedOn?: string; category: string }[];
  strategy: string;
};

export async function recommendations(token: string, query = "limit=5"): Promise<Recs> {
  const res = await api(`/v1/recommendations?${query}`, { token });
  if (res.status !== 200) throw new Error(`recommendations: ${res.status} ${await res.text()}`);
  return (await res.json()) as Recs;
}
