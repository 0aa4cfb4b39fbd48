import type { StoredRecord, VectorMatch, VectorQuery } from "../../../schemas/vectors";
import knnKernel from "../../domain/knn.wasm";
import { queryMatrix, VectorMatrix } from "../../domain/vector-matrix";
import { logRejection } from "../../log";

/** What a replica is copied from: the namespace's actor (see `VectorIndexActor.snapshot`). */
export type ReplicaSource = {
  snapshot(maxRecords: number): Promise<{ version: string; records: StoredRecord[] } | null>;
  version(): Promise<string>;
};

export type ReplicaTiming = {
  /** A copy this young answers without asking the actor anything. */
  freshMs: number;
  /** Older than `freshMs` it still answers, and asks the actor's version in the background; older than this, it asks first. */
  maxStaleMs: number;
  /** A namespace larger than this is not copied: its queries go to the actor. */
  maxRecords: number;
};

/**
 * Knowledge changes when an admin re-indexes it; a coach turn reads it on every question. Another
 * isolate's re-index reaches answers here within `freshMs` while questions keep coming (at most
 * `maxStaleMs` after a quiet spell); this isolate's own writes are seen at once (`forget`).
 */
export const REPLICA_TIMING: ReplicaTiming = { freshMs: 5_000, maxStaleMs: 60_000, maxRecords: 5_000 };

type Copy = { matrix: VectorMatrix; version: string; checkedAt: number };

/**
 * Read replicas of small, read-mostly namespaces of the embedded index, one per namespace per
 * isolate, shared by the actors the isolate runs. Every coach turn queried the knowledge namespace's
 * one actor: an RPC each way with ~60 passages of text, and one actor that every session in the
 * deployment waits on in turn (at 20 concurrent sessions locally, the 20th question waited ~60 ms
 * behind the others). A replica answers the same queries with the same code (`queryMatrix`) in the
 * caller's isolate.
 */
export class Replicas {
  private readonly copies = new Map<string, Copy>();
  /** Loads and revalidations in flight, so concurrent questions share one. */
  private readonly pending = new Map<string, Promise<Copy | null>>();
  /** Namespaces found too large to copy, until this isolate writes to them. */
  private readonly tooLarge = new Set<string>();
  /** Writes through this isolate per namespace: a copy read across one is not kept. */
  private readonly writes = new Map<string, number>();

  constructor(private readonly timing: ReplicaTiming = REPLICA_TIMING) {}

  /** The namespace's matches from the replica, or null when it is not copied (too large). */
  async queryEach(
    namespace: string,
    source: ReplicaSource,
    vector: number[],
    queries: VectorQuery[],
  ): Promise<VectorMatch[][] | null> {
    const copy = await this.current(namespace, source);
    return copy && queries.map((q) => queryMatrix(copy.matrix, vector, q));
  }

  /** A write through this isolate: the next query copies the namespace again. */
  forget(namespace: string): void {
    this.copies.delete(namespace);
    this.pending.delete(namespace);
    this.tooLarge.delete(namespace);
    this.writes.set(namespace, (this.writes.get(namespace) ?? 0) + 1);
  }

  private async current(namespace: string, source: ReplicaSource): Promise<Copy | null> {
    if (this.tooLarge.has(namespace)) return null;
    const copy = this.copies.get(namespace);
    const age = copy ? Date.now() - copy.checkedAt : Infinity;
    if (copy && age < this.timing.freshMs) return copy;
    const refreshed = this.refresh(namespace, source, copy);
    if (copy && age < this.timing.maxStaleMs) {
      void refreshed.catch(logRejection("vector replica not revalidated", { namespace }));
      return copy;
    }
    return refreshed;
  }

  private refresh(namespace: string, source: ReplicaSource, copy: Copy | undefined): Promise<Copy | null> {
    let running = this.pending.get(namespace);
    if (running) return running;
    const writes = this.writes.get(namespace) ?? 0;
    // what was read is kept only if no write through this isolate happened while it was read
    const unchanged = () => (this.writes.get(namespace) ?? 0) === writes;
    running = (async () => {
      const checkedAt = Date.now();
      if (copy && (await source.version()) === copy.version) {
        if (unchanged()) copy.checkedAt = checkedAt;
        return copy;
      }
      const snapshot = await source.snapshot(this.timing.maxRecords);
      if (!snapshot) {
        if (unchanged()) this.tooLarge.add(namespace);
        return null;
      }
      const matrix = new VectorMatrix(knnKernel);
      for (const r of snapshot.records) matrix.set(r.id, r.values, r.metadata);
      const fresh = { matrix, version: snapshot.version, checkedAt };
      if (unchanged()) this.copies.set(namespace, fresh);
      return fresh;
    })().finally(() => {
      if (this.pending.get(namespace) === running) this.pending.delete(namespace);
    });
    this.pending.set(namespace, running);
    return running;
  }
}

/** The isolate's replicas (module scope outlives requests and is shared by the actors of the isolate). */
export const replicas = new Replicas();
