import { errors, type Client, type estypes } from "@elastic/elasticsearch";
import type { LoggedEvent } from "../../../schemas/events";
import { elasticsearchClient, elasticsearchError, type ElasticsearchOptions } from "../vectors/es-connection";
import type { BehaviourIndex } from "./index";

/** Documents per `_bulk` request: well under Elasticsearch's 100 MB request cap at a few hundred bytes each. */
export const BULK_SIZE = 500;

export const behaviourMappings: estypes.MappingTypeMapping = {
  dynamic: "strict",
  properties: {
    userId: { type: "keyword" },
    traceId: { type: "keyword" },
    type: { type: "keyword" },
    itemId: { type: "keyword" },
    category: { type: "keyword" },
    query: { type: "text" },
    at: { type: "date", format: "epoch_millis" },
  },
};

/**
 * The document id of an event. The traceId alone is chosen by the client and deduplicated per user
 * (the user's actor), so two users may send the same one; with the user id in front, a replay of an
 * event overwrites its own document and never another user's.
 */
export const behaviourDocumentId = (e: LoggedEvent) => `${e.userId}:${e.traceId}`;

/**
 * User actions in one Elasticsearch index, written with `_bulk` in batches of BULK_SIZE. Writes do
 * not wait for a refresh: nothing in the Worker reads this index back.
 */
export class ElasticsearchBehaviourIndex implements BehaviourIndex {
  private readonly client: Client;
  private ready?: Promise<void>;

  constructor(
    options: ElasticsearchOptions,
    private readonly name: string,
  ) {
    this.client = elasticsearchClient(options);
  }

  /** Creates the index with its mapping before the first write (auto-creation would guess the types). */
  private ensureIndex(): Promise<void> {
    this.ready ??= this.client.indices.create({ index: this.name, mappings: behaviourMappings }).then(
      () => undefined,
      (error: unknown) => {
        const body = error instanceof errors.ResponseError ? (error.meta.body as { error?: { type?: string } }) : {};
        if (body?.error?.type === "resource_already_exists_exception") return;
        this.ready = undefined;
        throw elasticsearchError(error, `create index ${this.name}`);
      },
    );
    return this.ready;
  }

  async index(events: LoggedEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.ensureIndex();
    for (let i = 0; i < events.length; i += BULK_SIZE) {
      const operations = events.slice(i, i + BULK_SIZE).flatMap((e) => [
        { index: { _index: this.name, _id: behaviourDocumentId(e) } },
        {
          userId: e.userId,
          traceId: e.traceId,
          type: e.type,
          itemId: e.itemId,
          category: e.category ?? null,
          query: e.query,
          at: e.at,
        },
      ]);
      const result = await this.client
        .bulk({ operations })
        .catch((error: unknown) => Promise.reject(elasticsearchError(error, `write to ${this.name}`)));
      const failed = result.items.filter((item) => item.index?.error);
      if (failed.length) {
        const first = failed[0]!.index!;
        throw new Error(
          `Elasticsearch refused ${failed.length} of ${operations.length / 2} user actions (${first._id}: ${first.error!.type}: ${first.error!.reason})`,
        );
      }
    }
  }

  /**
   * Deletes the person's documents with `_delete_by_query` (refreshing first, so documents written a
   * moment ago are found); the erasure's sweep runs it again for writes that were still in flight.
   */
  async forget(userId: string): Promise<number> {
    await this.ensureIndex();
    await this.client.indices
      .refresh({ index: this.name })
      .catch((error: unknown) => Promise.reject(elasticsearchError(error, `refresh ${this.name}`)));
    const result = await this.client
      .deleteByQuery({ index: this.name, query: { term: { userId } }, refresh: true, conflicts: "proceed" })
      .catch((error: unknown) => Promise.reject(elasticsearchError(error, `erase from ${this.name}`)));
    return result.deleted ?? 0;
  }
}
