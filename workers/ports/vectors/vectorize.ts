import { VectorMetadataSchema, type VectorMatch, type VectorQuery, type VectorRecord } from "../../../schemas/vectors";
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
      ...(m.values ? { values: Array.from(m.values) } : {}),
      id: m.id,
      score: m.score,
      metadata: VectorMetadataSchema.catch({}).parse(m.metadata ?? {}),
    }));
  }
}
