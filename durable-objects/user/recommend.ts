import type { Recommendation, Recommendations } from "../../schemas/events";
import { ITEMS_NAMESPACE } from "../../schemas/vectors";
import { closestTo } from "../../workers/domain/preference";
import type { CatalogueReads } from "../../workers/ports/db/items";
import type { VectorIndex } from "../../workers/ports/vectors";
import type { TrendingItem } from "../trending-actor";
import type { RecentItem } from "./taste-store";

type Deps = {
  index: VectorIndex;
  catalogue: Pick<CatalogueReads, "find" | "newest">;
  trending: (opts: { limit: number; category?: string; exclude: string[] }) => Promise<TrendingItem[]>;
};
type Input = { taste: number[] | null; excluded: Set<string>; recent: RecentItem[]; limit: number; category?: string };

/**
 * k-NN on the taste vector, minus what the user bought or touched recently, each with the recent
 * item it is closest to as the reason. Without a taste (cold start), or when personal results run
 * short, trending items in the category fill in; with no events at all, the newest items.
 */
export async function recommend(deps: Deps, input: Input): Promise<Recommendations> {
  const { limit, category, excluded } = input;
  const personal: Recommendation[] = [];
  if (input.taste) {
    const [matches, recentVectors] = await Promise.all([
      deps.index.query(ITEMS_NAMESPACE, input.taste, {
        topK: limit,
        filter: category ? { category } : undefined,
        returnValues: input.recent.length > 0,
        excludeIds: [...excluded],
      }),
      deps.index.get(
        ITEMS_NAMESPACE,
        input.recent.map((r) => r.itemId),
      ),
    ]);
    const vectors = new Map(recentVectors.map((v) => [v.id, v.values]));
    const bases = input.recent.flatMap((r) => {
      const vector = vectors.get(r.itemId);
      return vector ? [{ ...r, vector }] : [];
    });
    for (const m of matches) {
      const basis = m.values ? closestTo(m.values, bases) : undefined;
      personal.push({
        itemId: m.id,
        score: round(m.score),
        reason: basis ? `similar to "${basis.title}"` : "matches your recent activity",
        reasonCode: "similar",
        ...(basis ? { basedOn: basis.itemId } : {}),
        title: String(m.metadata.title ?? m.id),
        category: String(m.metadata.category ?? ""),
        price: Number(m.metadata.price ?? 0),
        // vectors indexed before items carried a currency are USD, as their rows are
        currency: String(m.metadata.currency ?? "USD"),
      });
    }
  }
  if (personal.length >= limit) return { items: personal, strategy: "personalized" };

  const taken = new Set([...excluded, ...personal.map((p) => p.itemId)]);
  const trending = await deps.trending({ limit: limit - personal.length, category, exclude: [...taken] });
  const rows = new Map((await deps.catalogue.find(trending.map((t) => t.itemId))).map((r) => [r.id, r]));
  const fill: Recommendation[] = trending.flatMap((t) => {
    const row = rows.get(t.itemId);
    if (!row) return [];
    return [
      {
        itemId: t.itemId,
        score: round(t.score),
        reason: `trending in ${t.category}`,
        reasonCode: "trending" as const,
        title: row.title,
        category: row.category,
        price: row.price,
        currency: row.currency,
      },
    ];
  });
  if (personal.length > 0)
    return { items: [...personal, ...fill], strategy: fill.length > 0 ? "personalized+trending" : "personalized" };
  if (fill.length > 0) return { items: fill, strategy: "trending" };

  const newest = (await deps.catalogue.newest({ category, limit: limit + taken.size }))
    .filter((r) => !taken.has(r.id))
    .slice(0, limit);
  return {
    items: newest.map((r) => ({
      itemId: r.id,
      score: 0,
      reason: "new in the catalogue",
      reasonCode: "new" as const,
      title: r.title,
      category: r.category,
      price: r.price,
      currency: r.currency,
    })),
    strategy: "catalogue",
  };
}

const round = (n: number) => Math.round(n * 10_000) / 10_000;
