/** What an event needs of its item, as the vector index holds it. */
export type CachedItem = { id: string; title: string; category: string; vector: Float32Array };

/** Up to this many items (~16 MB of 384-dimension vectors), least recently used out first. */
export const ITEM_CACHE_ENTRIES = 10_000;
/** How long an item read from the index is trusted before it is read again. */
export const ITEM_CACHE_TTL_MS = 60_000;

/**
 * Items' titles, categories and vectors for event ingest, kept per isolate and shared by the actors
 * it runs. Every accepted event needs its item; reading it from the vector index is an RPC to the
 * one actor of the namespace (measured: about a fifth of ingest's server CPU locally, and in
 * production a call that may cross regions to a single actor). An item edited through this isolate
 * is forgotten at once (`forget`, called where items are re-indexed); an edit made through another
 * isolate reaches ingest within the TTL, as a KV write reaches other locations. Only what the index
 * confirmed is kept, so unknown ids are always looked up and rejected.
 */
export class ItemCache {
  private readonly entries = new Map<string, { item: CachedItem; until: number }>();

  constructor(
    private readonly capacity: number,
    private readonly ttlMs: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(id: string, now: number): CachedItem | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    this.entries.delete(id);
    if (entry.until <= now) return undefined;
    this.entries.set(id, entry); // a Map iterates in insertion order: re-inserting marks it recent
    return entry.item;
  }

  set(item: CachedItem, now: number): void {
    this.entries.delete(item.id);
    this.entries.set(item.id, { item, until: now + this.ttlMs });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  forget(ids: Iterable<string>): void {
    for (const id of ids) this.entries.delete(id);
  }
}

/** The isolate's cache (module scope outlives requests and is shared by the actors of the isolate). */
export const itemCache = new ItemCache(ITEM_CACHE_ENTRIES, ITEM_CACHE_TTL_MS);
