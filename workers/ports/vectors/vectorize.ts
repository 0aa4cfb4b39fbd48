import {
  VectorMetadataSchema,
  type StoredRecord,
  type VectorMatch,
  type VectorQuery,
  type VectorRecord,
} from "../../../schemas/vectors";
import type { VectorIndex } from "./types";

// Vectorize's documented limits: vectors per getByIds call, and matches per query with metadata or
// values (20) or with ids and scores only (100).
const GET_BY_IDS_LIMIT = 20;
const TOP_K_WITH_METADATA = 20;
const TOP_K_IDS_ONLY = 100;

/** Cloudflare Vectorize (needs the `VECTORIZE` binding; no local simulator). */
export class VectorizeIndex implements VectorIndex {
  constructor(private readonly index: globalThis.VectorizeIndex) {}

  async upsert(namespace: string, records: VectorRecord[]) {
    await this.index.upsert(records.map((r) => ({ id: r.id, values: r.values, metadata: r.metadata, namespace })));
    return { count: records.length };
  }

  async delete(_namespace: string, ids: string[]) {
    // Vectorize ids are global across namespaces, so deletion needs no namespace
    await this.index.deleteByIds(ids);
    return { count: ids.length };
  }

  /**
   * Vectorize cannot leave ids out, so the excluded ones are asked for too and dropped here. Up to 20
   * matches come with their metadata in one call; more (at most 100) take a query for ids and scores,
   * then the kept ones' metadata and values by id.
   */
  async query(namespace: string, vector: number[], options: VectorQuery = {}): Promise<VectorMatch[]> {
    const topK = options.topK ?? 10;
    const returnValues = options.returnValues ?? false;
    const exclude = new Set(options.excludeIds);
    const wanted = topK + exclude.size;
    const base = { namespace, filter: options.filter as VectorizeVectorMetadataFilter | undefined };
    if (wanted <= TOP_K_WITH_METADATA) {
      const res = await this.index.query(vector, { ...base, topK: wanted, returnMetadata: "all", returnValues });
      return res.matches
        .filter((m) => !exclude.has(m.id))
        .slice(0, topK)
        .map((m) => ({
          ...(m.values ? { values: Float32Array.from(m.values) } : {}),
          id: m.id,
          score: m.score,
          metadata: VectorMetadataSchema.catch({}).parse(m.metadata ?? {}),
        }));
    }
    const res = await this.index.query(vector, {
      ...base,
      topK: Math.min(wanted, TOP_K_IDS_ONLY),
      returnMetadata: "none",
      returnValues: false,
    });
    const kept = res.matches.filter((m) => !exclude.has(m.id)).slice(0, topK);
    const stored = new Map(
      (
        await this.get(
          namespace,
          kept.map((m) => m.id),
        )
      ).map((r) => [r.id, r]),
    );
    return kept.flatMap((m) => {
      const record = stored.get(m.id);
      if (!record) return []; // deleted between the two calls
      return [
        { id: m.id, score: m.score, metadata: record.metadata, ...(returnValues ? { values: record.values } : {}) },
      ];
    });
  }

  async queryEach(namespace: string, vector: number[], queries: VectorQuery[]): Promise<VectorMatch[][]> {
    return Promise.all(queries.map((q) => this.query(namespace, vector, q)));
  }

  /** A remote round trip would cost what it saves: Vectorize results are not cached. */
  async version(_namespace: string): Promise<string | null> {
    return null;
  }

  async get(namespace: string, ids: string[]): Promise<StoredRecord[]> {
    const out: StoredRecord[] = [];
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += GET_BY_IDS_LIMIT) {
      const found = await this.index.getByIds(unique.slice(i, i + GET_BY_IDS_LIMIT));
      for (const v of found) {
        // ids are global in Vectorize: keep only the vectors of the namespace asked for
        if (v.namespace !== undefined && v.namespace !== namespace) continue;
        out.push({
          id: v.id,
          values: Float32Array.from(v.values),
          metadata: VectorMetadataSchema.catch({}).parse(v.metadata ?? {}),
        });
      }
    }
    return out;
  }
}
