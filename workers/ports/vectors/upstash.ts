import { Index } from "@upstash/vector/cloudflare";
import { z } from "zod";
import {
  VectorMetadataSchema,
  type StoredRecord,
  type VectorFilter,
  type VectorMatch,
  type VectorQuery,
  type VectorRecord,
} from "../../../schemas/vectors";
import { ConfigError, DependencyUnavailableError, RuleViolationError } from "../../errors";
import type { VectorIndex } from "./types";

// Upstash Vector answers at most 1,000 matches per query
const MAX_TOP_K = 1000;
// field names the filter grammar reads as one identifier (dots and brackets would be JSON paths)
const FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/;

type Scalar = string | number | boolean;

/** A literal of the filter grammar: strings single-quoted with `\` escapes, numbers without exponents. */
function literal(value: Scalar): string {
  if (typeof value === "boolean") return String(value);
  if (typeof value === "string") return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  if (!Number.isFinite(value) || Math.abs(value) >= 1e21) {
    throw new RuleViolationError(`Upstash Vector filters cannot hold the number ${value}`);
  }
  const text = String(value);
  // the grammar has no exponent notation: 1e-7 becomes 0.0000001
  return /e/i.test(text) ? value.toFixed(20).replace(/\.?0+$/, "") : text;
}

function numeric(field: string, op: string, value: number | string) {
  if (typeof value !== "number") {
    throw new RuleViolationError(`Upstash Vector compares only numbers with ${op} (field ${field})`);
  }
  return `${field} ${op} ${literal(value)}`;
}

/**
 * Our filter language (Vectorize's) in Upstash Vector's SQL-like filter syntax. Clauses join with
 * AND. `$ne` and `$nin` also match vectors without the field, as they do in Vectorize and the
 * embedded index, so they say so explicitly instead of relying on how a missing field compares.
 */
export function upstashFilter(filter: VectorFilter | undefined): string | undefined {
  const parts: string[] = [];
  for (const [field, clause] of Object.entries(filter ?? {})) {
    if (!FIELD.test(field)) throw new RuleViolationError(`"${field}" cannot be filtered on in Upstash Vector`);
    if (typeof clause !== "object") {
      parts.push(`${field} = ${literal(clause)}`);
      continue;
    }
    if (clause.$eq !== undefined) parts.push(`${field} = ${literal(clause.$eq)}`);
    if (clause.$ne !== undefined) parts.push(`(HAS NOT FIELD ${field} OR ${field} != ${literal(clause.$ne)})`);
    // an empty list matches nothing, and the grammar has no empty IN (): a field cannot both exist and not
    if (clause.$in) {
      parts.push(
        clause.$in.length
          ? `${field} IN (${clause.$in.map(literal).join(", ")})`
          : `(HAS FIELD ${field} AND HAS NOT FIELD ${field})`,
      );
    }
    if (clause.$nin?.length) {
      parts.push(`(HAS NOT FIELD ${field} OR ${field} NOT IN (${clause.$nin.map(literal).join(", ")}))`);
    }
    if (clause.$lt !== undefined) parts.push(numeric(field, "<", clause.$lt));
    if (clause.$lte !== undefined) parts.push(numeric(field, "<=", clause.$lte));
    if (clause.$gt !== undefined) parts.push(numeric(field, ">", clause.$gt));
    if (clause.$gte !== undefined) parts.push(numeric(field, ">=", clause.$gte));
  }
  return parts.length ? parts.join(" AND ") : undefined;
}

const MatchSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  score: z.number(),
  vector: z.array(z.number()).optional(),
  metadata: VectorMetadataSchema.catch({}).optional(),
});

function upstashError(error: unknown, doing: string): Error {
  const message = error instanceof Error ? error.message : String(error);
  // the client throws UpstashError with the server's `error` text when it answered non-2xx
  if (error instanceof Error && error.name === "UpstashError") {
    if (/dimension/i.test(message)) return new RuleViolationError(`Upstash Vector refused a vector: ${message}`);
    if (/unauthori[sz]ed|token/i.test(message))
      return new ConfigError(`Upstash Vector refused to ${doing} (${message}): check UPSTASH_VECTOR_REST_TOKEN`);
    return new Error(`Upstash Vector refused to ${doing} (${message})`, { cause: error });
  }
  return new DependencyUnavailableError(`Upstash Vector is unreachable; could not ${doing} (${message})`, {
    cause: error,
  });
}

export type UpstashVectorOptions = { url: string; token: string; retries?: number };

/** Upstash Vector over its REST API; our namespaces are its namespaces. The index must use COSINE. */
export class UpstashVectorIndex implements VectorIndex {
  private readonly index: Index;

  constructor(options: UpstashVectorOptions) {
    this.index = new Index({
      url: options.url,
      token: options.token,
      // the client retries only network failures; its default 5 attempts wait about 4 s on a dead host
      retry: { retries: options.retries ?? 2, backoff: (n) => 50 * 2 ** n },
      enableTelemetry: false,
    });
  }

  private async call<T>(doing: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw upstashError(error, doing);
    }
  }

  async upsert(namespace: string, records: VectorRecord[]) {
    if (records.length === 0) return { count: 0 };
    const vectors = records.map((r) => ({ id: r.id, vector: r.values, metadata: r.metadata ?? {} }));
    await this.call(`upsert into ${namespace}`, () => this.index.upsert(vectors, { namespace }));
    return { count: records.length };
  }

  async delete(namespace: string, ids: string[]) {
    if (ids.length === 0) return { count: 0 };
    const { deleted } = await this.call(`delete from ${namespace}`, () => this.index.delete(ids, { namespace }));
    return { count: deleted };
  }

  private payload(vector: number[], options: VectorQuery) {
    const topK = options.topK ?? 10;
    const filter = upstashFilter(options.filter);
    return {
      vector,
      // Upstash cannot leave ids out: the excluded ones are asked for too and dropped here
      topK: Math.min(MAX_TOP_K, topK + new Set(options.excludeIds).size),
      includeMetadata: true,
      includeVectors: options.returnValues ?? false,
      ...(filter ? { filter } : {}),
    };
  }

  private matches(raw: unknown[], options: VectorQuery): VectorMatch[] {
    const exclude = new Set(options.excludeIds);
    return raw
      .map((r) => MatchSchema.parse(r))
      .filter((m) => !exclude.has(m.id))
      .slice(0, options.topK ?? 10)
      .map((m) => ({
        id: m.id,
        // Upstash scores cosine as (1 + cosine) / 2; callers compare cosines, as from the other indexes
        score: 2 * m.score - 1,
        metadata: m.metadata ?? {},
        ...(options.returnValues && m.vector ? { values: Float32Array.from(m.vector) } : {}),
      }));
  }

  async query(namespace: string, vector: number[], options: VectorQuery = {}): Promise<VectorMatch[]> {
    const payload = this.payload(vector, options);
    const raw = await this.call(`query ${namespace}`, () => this.index.query(payload, { namespace }));
    return this.matches(raw, options);
  }

  /** One batch request (the REST API takes an array of queries) for all of them. */
  async queryEach(namespace: string, vector: number[], queries: VectorQuery[]): Promise<VectorMatch[][]> {
    if (queries.length === 0) return [];
    const payloads = queries.map((q) => this.payload(vector, q));
    const raw = await this.call(`query ${namespace}`, () => this.index.queryMany(payloads, { namespace }));
    return raw.map((list, i) => this.matches(list, queries[i]!));
  }

  async get(namespace: string, ids: string[]): Promise<StoredRecord[]> {
    if (ids.length === 0) return [];
    const found = await this.call(`fetch from ${namespace}`, () =>
      this.index.fetch([...new Set(ids)], { namespace, includeMetadata: true, includeVectors: true }),
    );
    return found.flatMap((v) => {
      if (!v) return [];
      const m = MatchSchema.parse({ ...v, score: 0 });
      return [{ id: m.id, values: Float32Array.from(m.vector ?? []), metadata: m.metadata ?? {} }];
    });
  }

  /** `/info` counts vectors but does not change on an overwrite, so it cannot version a namespace. */
  async version(_namespace: string): Promise<string | null> {
    return null;
  }
}
