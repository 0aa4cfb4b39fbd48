import { z } from "zod";
import { logRejection } from "../../log";
import { sha256 } from "../../domain/hash";
import type { Cache } from "../cache";
import type { Embedder } from "./types";

/** A model's vector for a text does not change; a month bounds what an unused entry costs. */
const TTL_SECONDS = 30 * 86_400;

/**
 * Remembers a remote embedder's vectors in the cache, keyed by model, size and the text's hash.
 * Coaching questions, searches and catalogue texts repeat across users and re-indexing; each repeat
 * would otherwise be a paid, rate-limited call across the network. Only the misses of one call go
 * to the model, in one request. The local hashing embedder is never wrapped: it is faster than a lookup.
 */
export class CachedEmbedder implements Embedder {
  readonly name: string;
  readonly model: string;
  readonly dimensions: number;
  private readonly vector: z.ZodType<number[]>;

  constructor(
    private readonly inner: Embedder,
    private readonly cache: Cache,
  ) {
    ({ name: this.name, model: this.model, dimensions: this.dimensions } = inner);
    this.vector = z.array(z.number()).length(inner.dimensions);
  }

  async embed(texts: string[]): Promise<number[][]> {
    const keys = await Promise.all(
      texts.map(async (t) => `${this.name}:${this.model}:${this.dimensions}:${await sha256(t)}`),
    );
    const found = await Promise.all(keys.map((k) => this.cache.get(k, this.vector)));
    const missing = [...new Set(texts.filter((_, i) => !found[i]))];
    if (missing.length === 0) return found as number[][];
    const fresh = new Map((await this.inner.embed(missing)).map((v, i) => [missing[i]!, v]));
    await Promise.all(
      texts.map((t, i) =>
        found[i]
          ? undefined
          : this.cache.put(keys[i]!, fresh.get(t), TTL_SECONDS).catch(logRejection("embeddings.cache_put_failed")),
      ),
    );
    return texts.map((t, i) => found[i] ?? fresh.get(t)!);
  }
}
