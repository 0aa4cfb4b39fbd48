import type { Event, EventsResult, LoggedEvent } from "../../schemas/events";
import { ITEMS_NAMESPACE } from "../../schemas/vectors";
import { itemText } from "../../workers/domain/price-drop";
import type { CatalogueReads } from "../../workers/ports/db/items";
import type { Embedder } from "../../workers/ports/embeddings";
import type { VectorIndex } from "../../workers/ports/vectors";
import type { ItemCache } from "../../workers/ports/vectors/item-cache";
import type { AppliedEvent } from "./taste-store";

export type Resolved = {
  applied: AppliedEvent[];
  logged: LoggedEvent[];
  rejected: EventsResult["rejected"];
};

type Item = { id: string; title: string; category: string; vector: ArrayLike<number> | null; text?: string };

/** What ingest reads, passed in by the actor: the isolate's item cache, the vector index and D1's catalogue. */
export type IngestDeps = {
  cache: ItemCache;
  index: VectorIndex;
  catalogue: Pick<CatalogueReads, "features">;
  embedder: Embedder;
  now: number;
};

/**
 * What the events need of their items: title, category and vector. The isolate's item cache
 * answers most; the vector index holds all three for every embedded item, so the rest is one index
 * read; only ids it does not know (items stored but not embedded yet, or unknown ids) go to D1.
 */
async function lookUpItems(ids: string[], deps: IngestDeps): Promise<Map<string, Item>> {
  const found = new Map<string, Item>();
  const uncached: string[] = [];
  for (const id of ids) {
    const item = deps.cache.get(id, deps.now);
    if (item) found.set(id, item);
    else uncached.push(id);
  }
  for (const r of uncached.length > 0 ? await deps.index.get(ITEMS_NAMESPACE, uncached) : []) {
    const { title, category } = r.metadata;
    const item = { id: r.id, title: String(title ?? r.id), category: String(category ?? ""), vector: r.values };
    found.set(r.id, item);
    deps.cache.set(item, deps.now);
  }
  const missing = ids.filter((id) => !found.has(id));
  for (const row of missing.length > 0 ? await deps.catalogue.features(missing) : []) {
    found.set(row.id, { ...row, ...(row.vector ? {} : { text: itemText(row) }) });
  }
  return found;
}

/**
 * Turns events into taste updates (`applied[i]` and `logged[i]` are the same event): looks their items up (unknown ids are rejected one by
 * one, with a reason), and embeds search queries and any item not embedded yet, in one embedder
 * call. Timestamps in the future are clamped to now.
 */
export async function resolveEvents(
  userId: string,
  events: { index: number; event: Event }[],
  deps: IngestDeps,
): Promise<Resolved> {
  const itemIds = [...new Set(events.flatMap(({ event }) => (event.itemId ? [event.itemId] : [])))];
  const items = itemIds.length > 0 ? await lookUpItems(itemIds, deps) : new Map<string, Item>();
  const texts: string[] = [];
  const textIndex = new Map<string, number>();
  const need = (text: string) => {
    if (!textIndex.has(text)) textIndex.set(text, texts.push(text) - 1);
  };
  for (const { event } of events) {
    if (event.type === "search" && event.query) need(event.query);
    const text = event.itemId ? items.get(event.itemId)?.text : undefined;
    if (text) need(text);
  }
  const embedded = texts.length > 0 ? await deps.embedder.embed(texts) : [];
  const vectorFor = (text: string) => embedded[textIndex.get(text)!] ?? null;

  const out: Resolved = { applied: [], logged: [], rejected: [] };
  for (const { index, event } of events) {
    const at = Math.min(event.at ? Date.parse(event.at) : deps.now, deps.now);
    const item = event.itemId ? items.get(event.itemId) : undefined;
    if (event.itemId && !item) {
      out.rejected.push({ index, traceId: event.traceId, reason: `unknown item ${event.itemId}` });
      continue;
    }
    const vector =
      event.type === "search" ? vectorFor(event.query!) : item ? (item.vector ?? vectorFor(item.text!)) : null;
    out.applied.push({ type: event.type, itemId: item?.id ?? null, title: item?.title ?? null, vector, at });
    out.logged.push({
      userId,
      traceId: event.traceId,
      type: event.type,
      itemId: item?.id ?? null,
      category: item?.category ?? null,
      query: event.query ?? null,
      at,
    });
  }
  return out;
}
