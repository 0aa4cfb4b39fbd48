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
const DELETE_LIMIT = 1000;
const ID_BYTES = 64;
// the port's id, kept in the metadata because the stored id may be a hash of it
const ID_KEY = "__id";

const utf8 = new TextEncoder();

/**
 * Vectorize ids are unique across the whole index (a vector lives in one namespace), so the same id
 * in two namespaces would overwrite each other: the stored id is the namespace and the id, or, when
 * that is over Vectorize's 64 bytes, the namespace and a SHA-256 of the id.
 */
async function storedId(namespace: string, id: string): Promise<string> {
  const plain = `${namespace}:${id}`;
  if (utf8.encode(plain).length <= ID_BYTES) return plain;
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", utf8.encode(id)));
  const hex = Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${namespace}#${hex}`.slice(0, ID_BYTES);
}

/** The port's id and metadata of a stored vector; vectors written before ids were namespaced keep theirs. */
function portView(id: string, metadata: unknown) {
  const { [ID_KEY]: portId, ...rest } = VectorMetadataSchema.catch({}).parse(metadata ?? {});
  return { id: typeof portId === "string" ? portId : id, metadata: rest };
}

/** Cloudflare Vectorize (needs the `VECTORIZE` binding; no local simulator). */
export class VectorizeIndex implements VectorIndex {
  constructor(private readonly index: Vectorize) {}

  /** Vectorize applies the write later (it answers with a mutation id): reads may not see it at once. */
  async upsert(namespace: string, records: VectorRecord[]) {
    const vectors = await Promise.all(
      records.map(async (r) => ({
        id: await storedId(namespace, r.id),
        values: r.values,
        metadata: { ...r.metadata, [ID_KEY]: r.id },
        namespace,
      })),
    );
    await this.index.upsert(vectors);
    return { count: records.length };
  }

  /**
   * Counts the ids the index holds now, and deletes every id asked for: one written a moment ago may
   * not be visible yet, and must not come back when its write is applied.
   */
  async delete(namespace: string, ids: string[]) {
    const unique = [...new Set(ids)];
    const present = await this.get(namespace, unique);
    const stored = await Promise.all(unique.map((id) => storedId(namespace, id)));
    for (let i = 0; i < stored.length; i += DELETE_LIMIT)
      await this.index.deleteByIds(stored.slice(i, i + DELETE_LIMIT));
    return { count: present.length };
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
        .map((m) => ({
          ...(m.values ? { values: Float32Array.from(m.values) } : {}),
          ...portView(m.id, m.metadata),
          score: m.score,
        }))
        .filter((m) => !exclude.has(m.id))
        .slice(0, topK);
    }
    const res = await this.index.query(vector, {
      ...base,
      topK: Math.min(wanted, TOP_K_IDS_ONLY),
      returnMetadata: "none",
      returnValues: false,
    });
    const excluded = new Set(await Promise.all([...exclude].map((id) => storedId(namespace, id))));
    const kept = res.matches.filter((m) => !excluded.has(m.id)).slice(0, topK);
    const records = await this.getStored(kept.map((m) => m.id));
    return kept.flatMap((m) => {
      const record = records.get(m.id);
      if (!record || record.namespace !== namespace) return []; // deleted between the two calls
      return [
        { ...portView(m.id, record.metadata), score: m.score, ...(returnValues ? { values: record.values } : {}) },
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
    const stored = await Promise.all([...new Set(ids)].map((id) => storedId(namespace, id)));
    return [...(await this.getStored(stored)).entries()].flatMap(([id, v]) =>
      v.namespace === namespace ? [{ ...portView(id, v.metadata), values: v.values }] : [],
    );
  }

  /** Vectors by stored id, at most 20 a call as Vectorize allows. */
  private async getStored(ids: string[]) {
    const out = new Map<string, { values: Float32Array; metadata: unknown; namespace?: string }>();
    for (let i = 0; i < ids.length; i += GET_BY_IDS_LIMIT) {
      for (const v of await this.index.getByIds(ids.slice(i, i + GET_BY_IDS_LIMIT))) {
        out.set(v.id, { values: Float32Array.from(v.values), metadata: v.metadata, namespace: v.namespace });
      }
    }
    return out;
  }
}
