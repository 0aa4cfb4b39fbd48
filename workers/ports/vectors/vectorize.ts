import {
  VectorMetadataSchema,
  type StoredRecord,
  type VectorMatch,
  type VectorQuery,
  type VectorRecord,
} from "../../../schemas/vectors";

// Vectorize returns at most this many vectors per getByIds call.
const GET_BY_IDS_LIMIT = 20;
import type { VectorIndex } from "./types";

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

  async query(namespace: string, vector: number[], options: VectorQuery = {}): Promise<VectorMatch[]> {
    const res = await this.index.query(vector, {
      topK: options.topK ?? 10,
      namespace,
      filter: options.filter as VectorizeVectorMetadataFilter | undefined,
      returnMetadata: "all",
      returnValues: options.returnValues ?? false,
    });
    return res.matches.map((m) => ({
      ...(m.values ? { values: Float32Array.from(m.values) } : {}),
      id: m.id,
      score: m.score,
      metadata: VectorMetadataSchema.catch({}).parse(m.metadata ?? {}),
    }));
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
