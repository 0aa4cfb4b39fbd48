import type { StoredRecord, VectorMatch, VectorQuery, VectorRecord } from "../../../schemas/vectors";

/** A namespaced vector index with cosine similarity and Vectorize-style metadata filters. */
export interface VectorIndex {
  upsert(namespace: string, records: VectorRecord[]): Promise<{ count: number }>;
  delete(namespace: string, ids: string[]): Promise<{ count: number }>;
  query(namespace: string, vector: number[], options?: VectorQuery): Promise<VectorMatch[]>;
  /** Several queries with one vector (e.g. different filters), answered in order, in one round trip where possible. */
  queryEach(namespace: string, vector: number[], queries: VectorQuery[]): Promise<VectorMatch[][]>;
  /** The stored vectors and metadata of the ids that exist, in no particular order. */
  get(namespace: string, ids: string[]): Promise<StoredRecord[]>;
  /**
   * A value that changes whenever the namespace's vectors or metadata change, when the index can
   * tell cheaply; null otherwise. Lets callers cache query results exactly.
   */
  version(namespace: string): Promise<string | null>;
}
