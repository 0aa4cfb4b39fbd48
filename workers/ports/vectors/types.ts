import type { VectorMatch, VectorQuery, VectorRecord } from "../../../schemas/vectors";

/** A namespaced vector index with cosine similarity and Vectorize-style metadata filters. */
export interface VectorIndex {
  upsert(namespace: string, records: VectorRecord[]): Promise<{ count: number }>;
  delete(namespace: string, ids: string[]): Promise<{ count: number }>;
  query(namespace: string, vector: number[], options?: VectorQuery): Promise<VectorMatch[]>;
}
