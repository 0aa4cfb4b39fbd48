/**
 * A STAND-IN for a Cloudflare Vectorize (V2) index binding. Vectorize has no local simulator and its
 * binding speaks no public wire protocol, so this object keeps the documented contract of the binding
 * (developers.cloudflare.com/vectorize/reference/client-api, metadata-filtering, platform/limits):
 * one index-wide dimension, ids unique across the whole index (a vector lives in one namespace), cosine
 * scores, metadata filters with $eq $ne $in $nin $lt $lte $gt $gte applied before topK, topK at most 20
 * with values or all metadata and 100 otherwise, at most 20 ids per getByIds, and asynchronous
 * mutations: insert, upsert and deleteByIds answer `{ mutationId }` at once and the change becomes
 * visible to reads only when applied — by `applyPending()`, or after `applyAfterReads` reads.
 */

type Metadata = Record<string, VectorizeVectorMetadata>;
type Stored = { id: string; values: number[]; namespace?: string; metadata?: Metadata };
type Mutation = { id: string; apply(): void };

export type VectorizeStandInOptions = {
  dimensions: number;
  /** Reads (query, queryById, getByIds) after which a pending mutation is applied; never by default. */
  applyAfterReads?: number;
};

const LIMITS = { topKRich: 20, topKIdsOnly: 100, getByIds: 20, idBytes: 64, batch: 1000 };
const bytes = (s: string) => new TextEncoder().encode(s).length;

/** The error the binding throws, with the code and wording of the real service's errors. */
const fail = (kind: string, code: number, message: string) => new Error(`${kind} (code = ${code}): ${message}`);

function matchesOne(value: VectorizeVectorMetadata | undefined, cond: unknown): boolean {
  if (cond === null || typeof cond !== "object" || Array.isArray(cond)) return value === cond;
  return Object.entries(cond as Record<string, unknown>).every(([op, arg]) => {
    switch (op) {
      case "$eq":
        return value === arg;
      case "$ne":
        return value !== arg;
      case "$in":
        return (arg as unknown[]).includes(value);
      case "$nin":
        return !(arg as unknown[]).includes(value);
      // range operators compare values of the same type only, as an index of one type would
      case "$lt":
        return typeof value === typeof arg && (value as number) < (arg as number);
      case "$lte":
        return typeof value === typeof arg && (value as number) <= (arg as number);
      case "$gt":
        return typeof value === typeof arg && (value as number) > (arg as number);
      case "$gte":
        return typeof value === typeof arg && (value as number) >= (arg as number);
      default:
        throw fail("VECTOR_QUERY_ERROR", 40012, `unsupported filter operator ${op}`);
    }
  });
}

function checkFilter(filter: object) {
  if (Object.keys(filter).length === 0) throw fail("VECTOR_QUERY_ERROR", 40012, "filter must be non-empty");
  if (JSON.stringify(filter).length >= 2048) throw fail("VECTOR_QUERY_ERROR", 40012, "filter is over 2048 bytes");
  for (const key of Object.keys(filter)) {
    if (!key || key.startsWith("$") || /[".]/.test(key)) throw fail("VECTOR_QUERY_ERROR", 40012, `bad key ${key}`);
  }
}

const cosine = (a: number[], b: number[]) => {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot / (Math.hypot(...a) * Math.hypot(...b));
};

export class VectorizeStandIn {
  private readonly applied = new Map<string, Stored>();
  private readonly pending: Mutation[] = [];
  private readonly readsLeft = new Map<string, number>();
  private lastApplied = "";
  private sequence = 0;
  /** Every query's options as received, so tests can see how an adapter meets the limits. */
  readonly queries: VectorizeQueryOptions[] = [];

  constructor(private readonly options: VectorizeStandInOptions) {}

  /** The binding as a Worker sees it. */
  get binding(): Vectorize {
    return this as unknown as Vectorize;
  }

  get pendingCount() {
    return this.pending.length;
  }

  /** Applies every mutation accepted so far, in order, as the service eventually does. */
  applyPending() {
    while (this.pending.length) this.applyNext();
  }

  async describe(): Promise<VectorizeIndexInfo> {
    return {
      dimensions: this.options.dimensions,
      vectorCount: this.applied.size,
      processedUpToMutation: this.lastApplied as unknown as number,
      processedUpToDatetime: Date.now(),
    };
  }

  async insert(vectors: VectorizeVector[]): Promise<VectorizeAsyncMutation> {
    const checked = this.check(vectors);
    // insert keeps what is already stored when the mutation is applied
    return this.accept(() => checked.forEach((v) => this.applied.has(v.id) || this.applied.set(v.id, v)));
  }

  async upsert(vectors: VectorizeVector[]): Promise<VectorizeAsyncMutation> {
    const checked = this.check(vectors);
    return this.accept(() => checked.forEach((v) => this.applied.set(v.id, v)));
  }

  async deleteByIds(ids: string[]): Promise<VectorizeAsyncMutation> {
    if (ids.length > LIMITS.batch) throw fail("VECTOR_DELETE_ERROR", 40007, `over ${LIMITS.batch} ids`);
    const copy = [...ids];
    return this.accept(() => copy.forEach((id) => this.applied.delete(id)));
  }

  async getByIds(ids: string[]): Promise<VectorizeVector[]> {
    if (ids.length > LIMITS.getByIds) throw fail("VECTOR_GET_ERROR", 40007, `over ${LIMITS.getByIds} ids`);
    this.read();
    return ids.flatMap((id) => {
      const v = this.applied.get(id);
      return v ? [structuredClone(v)] : [];
    });
  }

  async queryById(id: string, options: VectorizeQueryOptions = {}): Promise<VectorizeMatches> {
    const v = this.applied.get(id);
    if (!v) throw fail("VECTOR_QUERY_ERROR", 40021, `vector ${id} not found`);
    return this.query(v.values, options);
  }

  async query(vector: number[], options: VectorizeQueryOptions = {}): Promise<VectorizeMatches> {
    const topK = options.topK ?? 5;
    const returnMetadata = options.returnMetadata === true ? "all" : options.returnMetadata || "none";
    const rich = !!options.returnValues || returnMetadata === "all";
    const limit = rich ? LIMITS.topKRich : LIMITS.topKIdsOnly;
    if (topK < 1 || topK > limit) {
      throw fail("VECTOR_QUERY_ERROR", 40025, `topK must be between 1 and ${limit} for this query, got ${topK}`);
    }
    if (vector.length !== this.options.dimensions) {
      throw fail(
        "VECTOR_QUERY_ERROR",
        40006,
        `query vector has ${vector.length} dimensions, expected ${this.options.dimensions}`,
      );
    }
    if (options.filter) checkFilter(options.filter);
    this.queries.push(structuredClone(options));
    this.read();
    const matches = [...this.applied.values()]
      .filter((v) => v.namespace === options.namespace)
      .filter((v) => Object.entries(options.filter ?? {}).every(([k, cond]) => matchesOne(v.metadata?.[k], cond)))
      .map((v) => ({ v, score: cosine(vector, v.values) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, topK)
      .map(({ v, score }) => ({
        id: v.id,
        score,
        ...(v.namespace !== undefined ? { namespace: v.namespace } : {}),
        ...(options.returnValues ? { values: [...v.values] } : {}),
        ...(returnMetadata !== "none" && v.metadata ? { metadata: structuredClone(v.metadata) } : {}),
      }));
    return { matches, count: matches.length };
  }

  private check(vectors: VectorizeVector[]): Stored[] {
    if (vectors.length > LIMITS.batch) throw fail("VECTOR_INSERT_ERROR", 40007, `over ${LIMITS.batch} vectors`);
    return vectors.map((v) => {
      if (!v.id || bytes(v.id) > LIMITS.idBytes) {
        throw fail("VECTOR_INSERT_ERROR", 40008, `invalid vector id "${v.id}": 1 to 64 bytes`);
      }
      const values = Array.from(v.values);
      if (values.length !== this.options.dimensions) {
        throw fail(
          "VECTOR_INSERT_ERROR",
          40008,
          `invalid vector for id="${v.id}", expected ${this.options.dimensions} dimensions, and got ${values.length} dimensions`,
        );
      }
      return structuredClone({
        id: v.id,
        values,
        ...(v.namespace !== undefined ? { namespace: v.namespace } : {}),
        ...(v.metadata ? { metadata: v.metadata as Metadata } : {}),
      });
    });
  }

  private accept(apply: () => void): VectorizeAsyncMutation {
    const mutationId = `m-${++this.sequence}`;
    this.pending.push({ id: mutationId, apply });
    if (this.options.applyAfterReads !== undefined) this.readsLeft.set(mutationId, this.options.applyAfterReads);
    return { mutationId };
  }

  /** A read counts down the pending mutations' delays; those that reach zero are applied first. */
  private read() {
    for (const m of this.pending) {
      const left = this.readsLeft.get(m.id);
      if (left !== undefined) this.readsLeft.set(m.id, left - 1);
    }
    while (this.pending.length && (this.readsLeft.get(this.pending[0]!.id) ?? 1) < 0) this.applyNext();
  }

  private applyNext() {
    const m = this.pending.shift()!;
    m.apply();
    this.readsLeft.delete(m.id);
    this.lastApplied = m.id;
  }
}
