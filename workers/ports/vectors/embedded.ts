import type { StoredRecord, VectorMatch, VectorQuery, VectorRecord } from "../../../schemas/vectors";
import type { AppEnv } from "../../env";
import { RuleViolationError } from "../../errors";
import type { VectorIndexActor } from "../../../durable-objects/vector-index-actor";
import { replicas as isolateReplicas, type Replicas } from "./replica";
import type { VectorIndex } from "./types";

/**
 * Exact k-NN held by one `VectorIndexActor` per namespace (SQLite storage, in-memory scan). The
 * namespaces named `replicated` (small and read-mostly: the knowledge base) are queried from a copy
 * in this isolate (see replica.ts); writes still go to the actor, and forget this isolate's copy.
 */
export class EmbeddedVectorIndex implements VectorIndex {
  /**
   * One stub per namespace for this adapter's life: calls through one stub reach the actor in the
   * order they were made (and its methods do not await), so a `version()` sent before a `query()`
   * describes a state no newer than the one the query saw.
   */
  private readonly stubs = new Map<string, DurableObjectStub<VectorIndexActor>>();

  constructor(
    private readonly env: AppEnv,
    private readonly replicated: ReadonlySet<string> = new Set(),
    private readonly replicas: Replicas = isolateReplicas,
  ) {}

  private actor(namespace: string) {
    let stub = this.stubs.get(namespace);
    if (!stub) {
      stub = this.env.VECTOR_INDEX.get(this.env.VECTOR_INDEX.idFromName(`ns:${namespace}`));
      this.stubs.set(namespace, stub);
    }
    return stub;
  }

  async upsert(namespace: string, records: VectorRecord[]) {
    this.replicas.forget(namespace);
    const result = await this.actor(namespace).upsert(records);
    if (!result.ok) throw new RuleViolationError(result.message);
    return { count: result.count };
  }

  async delete(namespace: string, ids: string[]) {
    this.replicas.forget(namespace);
    return { count: await this.actor(namespace).remove(ids) };
  }

  async query(namespace: string, vector: number[], options: VectorQuery = {}): Promise<VectorMatch[]> {
    const [matches] = await this.queryEach(namespace, vector, [options]);
    return matches!;
  }

  async queryEach(namespace: string, vector: number[], queries: VectorQuery[]): Promise<VectorMatch[][]> {
    const actor = this.actor(namespace);
    if (this.replicated.has(namespace)) {
      const local = await this.replicas.queryEach(namespace, actor, vector, queries);
      if (local) return local;
    }
    return actor.queryEach(vector, queries);
  }

  async version(namespace: string): Promise<string | null> {
    return this.actor(namespace).version();
  }

  async get(namespace: string, ids: string[]): Promise<StoredRecord[]> {
    return ids.length === 0 ? [] : this.actor(namespace).get(ids);
  }
}
