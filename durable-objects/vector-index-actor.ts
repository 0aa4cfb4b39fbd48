import { DurableObject } from "cloudflare:workers";
import { z } from "zod";
import {
  VectorMetadataSchema,
  VectorQuerySchema,
  VectorRecordSchema,
  type StoredRecord,
  type VectorMatch,
  type VectorQuery,
  type VectorRecord,
} from "../schemas/vectors";
import { norm, topK, type StoredVector } from "../workers/domain/knn";
import type { AppEnv } from "../workers/env";
import { sqlBlob } from "./sql-blob";

// built once: constructing a zod schema costs more than most parses
const RecordsSchema = z.array(VectorRecordSchema).max(1000);
const IdsSchema = z.array(z.string()).max(1000);

type Row = { id: string; vec: ArrayBuffer; metadata: string };
export type UpsertResult =
  { ok: true; count: number } | { ok: false; code: "dimension_mismatch" | "invalid"; message: string };

/**
 * The embedded vector index: one actor per namespace, vectors in SQLite as float32 blobs and in
 * memory for the scan. Exact cosine k-NN is the right default at catalogue sizes of a few
 * hundred thousand vectors per namespace; past that, configure Vectorize.
 */
export class VectorIndexActor extends DurableObject<AppEnv> {
  private readonly sql: SqlStorage;
  private vectors?: Map<string, StoredVector>;
  /** The same vectors as an array, for the scan (rebuilt after a write): arrays iterate faster than maps. */
  private list?: StoredVector[];
  /** Identifies this instance's in-memory state; with `writes`, the index version. */
  private readonly generation = crypto.randomUUID();
  private writes = 0;

  constructor(ctx: DurableObjectState, env: AppEnv) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    void ctx.blockConcurrencyWhile(async () => {
      this.sql.exec(
        `CREATE TABLE IF NOT EXISTS vectors (id TEXT PRIMARY KEY, vec BLOB NOT NULL, metadata TEXT NOT NULL)`,
      );
    });
  }

  private load(): Map<string, StoredVector> {
    if (this.vectors) return this.vectors;
    this.vectors = new Map();
    for (const row of this.sql.exec<Row>(`SELECT id, vec, metadata FROM vectors`)) {
      const values = new Float32Array(row.vec);
      const metadata = VectorMetadataSchema.parse(JSON.parse(row.metadata));
      this.vectors.set(row.id, { id: row.id, values, norm: norm(values), metadata });
    }
    return this.vectors;
  }

  async upsert(input: VectorRecord[]): Promise<UpsertResult> {
    const parsed = RecordsSchema.safeParse(input);
    if (!parsed.success) return { ok: false, code: "invalid", message: z.prettifyError(parsed.error) };
    const vectors = this.load();
    const dims = vectors.values().next().value?.values.length ?? parsed.data[0]?.values.length;
    const wrong = parsed.data.find((r) => r.values.length !== dims);
    if (wrong) {
      return {
        ok: false,
        code: "dimension_mismatch",
        message: `vector ${wrong.id} has ${wrong.values.length} dimensions; this namespace holds ${dims}`,
      };
    }
    for (const r of parsed.data) {
      const values = Float32Array.from(r.values);
      this.sql.exec(
        `INSERT OR REPLACE INTO vectors (id, vec, metadata) VALUES (?, ?, ?)`,
        r.id,
        sqlBlob(values),
        JSON.stringify(r.metadata),
      );
      vectors.set(r.id, { id: r.id, values, norm: norm(values), metadata: r.metadata });
    }
    this.writes++;
    this.list = undefined;
    return { ok: true, count: parsed.data.length };
  }

  async remove(ids: string[]): Promise<number> {
    const vectors = this.load();
    let removed = 0;
    for (const id of ids) {
      if (!vectors.delete(id)) continue;
      this.sql.exec(`DELETE FROM vectors WHERE id = ?`, id);
      removed++;
    }
    this.writes++;
    this.list = undefined;
    return removed;
  }

  async query(vector: number[], options: VectorQuery = {}): Promise<VectorMatch[]> {
    const { topK: k, filter, returnValues } = VectorQuerySchema.parse(options);
    this.list ??= [...this.load().values()];
    const matches = topK(this.list, vector, k, filter);
    if (!returnValues) return matches;
    const vectors = this.load();
    return matches.map((m) => ({ ...m, values: vectors.get(m.id)!.values }));
  }

  async queryEach(vector: number[], queries: VectorQuery[]): Promise<VectorMatch[][]> {
    return Promise.all(queries.map((q) => this.query(vector, q)));
  }

  /** Stored vectors by id; unknown ids are left out. Values travel as Float32Array (RPC copies them). */
  async get(ids: string[]): Promise<StoredRecord[]> {
    const vectors = this.load();
    return IdsSchema.parse(ids).flatMap((id) => {
      const v = vectors.get(id);
      return v ? [{ id, values: v.values, metadata: v.metadata }] : [];
    });
  }

  async version(): Promise<string> {
    return `${this.generation}:${this.writes}`;
  }

  async count(): Promise<number> {
    return this.load().size;
  }
}
