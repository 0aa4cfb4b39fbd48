import { errors, type Client, type estypes } from "@elastic/elasticsearch";
import { z } from "zod";
import {
  VectorMetadataSchema,
  type StoredRecord,
  type VectorFilter,
  type VectorMatch,
  type VectorQuery,
  type VectorRecord,
} from "../../../schemas/vectors";
import { RuleViolationError } from "../../errors";
import { elasticsearchClient, elasticsearchError, type ElasticsearchOptions } from "./es-connection";
import type { VectorIndex } from "./types";

// Elasticsearch's ceiling for knn num_candidates; k may not exceed it either
const MAX_CANDIDATES = 10_000;
// Lucene refuses terms over 32,766 bytes; at 4 bytes a character this keeps every keyword indexable
const KEYWORD_IGNORE_ABOVE = 8191;

const SourceSchema = z.object({
  vector: z.array(z.number()).optional(),
  metadata: VectorMetadataSchema.catch({}).default({}),
});

/** The index mapping: the vector for cosine knn, metadata strings as exact keywords, numbers as doubles. */
export const vectorMappings = (dims: number): estypes.MappingTypeMapping => ({
  dynamic_templates: [
    {
      metadata_strings: {
        path_match: "metadata.*",
        match_mapping_type: "string",
        mapping: { type: "keyword", ignore_above: KEYWORD_IGNORE_ABOVE },
      },
    },
    // without this an integer first seen would map the field as long and truncate later decimals
    { metadata_numbers: { path_match: "metadata.*", match_mapping_type: "long", mapping: { type: "double" } } },
  ],
  properties: {
    vector: { type: "dense_vector", dims, index: true, similarity: "cosine" },
    metadata: { type: "object" },
  },
});

/** Our filter language (Vectorize's) as an Elasticsearch bool query over `metadata.*`. */
export function elasticsearchFilter(filter: VectorFilter | undefined, excludeIds: string[] = []) {
  const must: estypes.QueryDslQueryContainer[] = [];
  const mustNot: estypes.QueryDslQueryContainer[] = [];
  for (const [field, clause] of Object.entries(filter ?? {})) {
    const path = `metadata.${field}`;
    if (typeof clause !== "object") {
      must.push({ term: { [path]: clause } });
      continue;
    }
    if (clause.$eq !== undefined) must.push({ term: { [path]: clause.$eq } });
    if (clause.$ne !== undefined) mustNot.push({ term: { [path]: clause.$ne } });
    if (clause.$in) must.push({ terms: { [path]: clause.$in } });
    if (clause.$nin) mustNot.push({ terms: { [path]: clause.$nin } });
    const { $lt: lt, $lte: lte, $gt: gt, $gte: gte } = clause;
    if ([lt, lte, gt, gte].some((v) => v !== undefined)) must.push({ range: { [path]: { lt, lte, gt, gte } } });
  }
  if (excludeIds.length) mustNot.push({ ids: { values: excludeIds } });
  if (!must.length && !mustNot.length) return undefined;
  return { bool: { filter: must, must_not: mustNot } } satisfies estypes.QueryDslQueryContainer;
}

const isMissingIndex = (error: unknown) => error instanceof errors.ResponseError && error.meta.statusCode === 404;

/**
 * Elasticsearch 8.x: one index per namespace (`<prefix>-<namespace>`) with a `dense_vector` field
 * searched by approximate knn. Writes wait for the next refresh, so a query right after an upsert
 * sees it, as with the embedded index.
 */
export class ElasticsearchVectorIndex implements VectorIndex {
  private readonly client: Client;
  private readonly created = new Set<string>();

  constructor(
    options: ElasticsearchOptions,
    private readonly prefix: string,
  ) {
    this.client = elasticsearchClient(options);
  }

  private indexOf(namespace: string) {
    if (!/^[a-z0-9][a-z0-9_-]*$/.test(namespace)) {
      throw new RuleViolationError(`namespace "${namespace}" cannot name an Elasticsearch index`);
    }
    return `${this.prefix}-${namespace}`;
  }

  /** Creates the namespace's index with the vector mapping; an index that already exists is fine. */
  private async ensureIndex(index: string, dims: number) {
    if (this.created.has(index)) return;
    try {
      await this.client.indices.create({ index, mappings: vectorMappings(dims) });
    } catch (error) {
      const type = error instanceof errors.ResponseError ? error.meta.body : undefined;
      if (!JSON.stringify(type ?? "").includes("resource_already_exists_exception")) {
        throw elasticsearchError(error, `create index ${index}`);
      }
    }
    this.created.add(index);
  }

  async upsert(namespace: string, records: VectorRecord[]) {
    if (records.length === 0) return { count: 0 };
    const index = this.indexOf(namespace);
    await this.ensureIndex(index, records[0]!.values.length);
    const operations = records.flatMap((r) => [
      { index: { _index: index, _id: r.id } },
      { vector: r.values, metadata: r.metadata ?? {} },
    ]);
    const result = await this.client
      .bulk({ operations, refresh: "wait_for" })
      .catch((error) => Promise.reject(elasticsearchError(error, `write to ${index}`)));
    const failed = result.items.map((item) => item.index?.error).find((e) => e);
    // a document Elasticsearch cannot parse (wrong dimensions, zero vector) is the caller's mistake
    if (failed) throw new RuleViolationError(`Elasticsearch refused a vector: ${failed.type}: ${failed.reason}`);
    return { count: records.length };
  }

  async delete(namespace: string, ids: string[]) {
    if (ids.length === 0) return { count: 0 };
    const index = this.indexOf(namespace);
    const result = await this.client
      .bulk({ operations: ids.map((id) => ({ delete: { _index: index, _id: id } })), refresh: "wait_for" })
      .catch((error) => Promise.reject(elasticsearchError(error, `delete from ${index}`)));
    return { count: result.items.filter((item) => item.delete?.result === "deleted").length };
  }

  private searchBody(vector: number[], options: VectorQuery) {
    const topK = options.topK ?? 10;
    const k = Math.min(topK, MAX_CANDIDATES);
    return {
      size: k,
      knn: {
        field: "vector",
        query_vector: vector,
        k,
        num_candidates: Math.min(MAX_CANDIDATES, Math.max(100, k * 4)),
        filter: elasticsearchFilter(options.filter, options.excludeIds),
      },
      _source: options.returnValues ? ["metadata", "vector"] : ["metadata"],
    } satisfies estypes.SearchRequest;
  }

  async query(namespace: string, vector: number[], options: VectorQuery = {}): Promise<VectorMatch[]> {
    const index = this.indexOf(namespace);
    try {
      const result = await this.client.search({ index, ...this.searchBody(vector, options) });
      return result.hits.hits.map(toMatch);
    } catch (error) {
      if (isMissingIndex(error)) return [];
      throw elasticsearchError(error, `search ${index}`);
    }
  }

  /** One `_msearch` round trip for all the queries. */
  async queryEach(namespace: string, vector: number[], queries: VectorQuery[]): Promise<VectorMatch[][]> {
    if (queries.length === 0) return [];
    const index = this.indexOf(namespace);
    const result = await this.client
      .msearch({ searches: queries.flatMap((q) => [{ index }, this.searchBody(vector, q)]) })
      .catch((error) => Promise.reject(elasticsearchError(error, `search ${index}`)));
    return result.responses.map((response) => {
      if (!("error" in response)) return response.hits.hits.map(toMatch);
      if (response.status === 404) return [];
      throw new Error(
        `Elasticsearch refused to search ${index} (${response.status} ${response.error.type}: ${response.error.reason})`,
      );
    });
  }

  async get(namespace: string, ids: string[]): Promise<StoredRecord[]> {
    if (ids.length === 0) return [];
    const index = this.indexOf(namespace);
    try {
      const result = await this.client.mget({ index, ids: [...new Set(ids)] });
      return result.docs.flatMap((doc) => {
        if (!("found" in doc) || !doc.found) return [];
        const source = SourceSchema.parse(doc._source);
        return [{ id: doc._id, values: Float32Array.from(source.vector ?? []), metadata: source.metadata }];
      });
    } catch (error) {
      if (isMissingIndex(error)) return [];
      throw elasticsearchError(error, `read from ${index}`);
    }
  }

  /** Telling whether an index changed would cost a round trip per cached read: not worth it. */
  async version(_namespace: string): Promise<string | null> {
    return null;
  }
}

function toMatch(hit: estypes.SearchHit<unknown>): VectorMatch {
  const source = SourceSchema.parse(hit._source ?? {});
  return {
    id: hit._id!,
    // cosine knn scores are (1 + cosine) / 2; callers compare cosines, as from the other indexes
    score: 2 * (hit._score ?? 0) - 1,
    metadata: source.metadata,
    ...(source.vector ? { values: Float32Array.from(source.vector) } : {}),
  };
}
