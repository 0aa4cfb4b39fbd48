import { DurableObject } from "cloudflare:workers";
import { z } from "zod";
import {
  VectorMetadataSchema,
  VectorRecordSchema,
  type StoredRecord,
  type VectorMatch,
  type VectorQuery,
  type VectorRecord,
} from "../schemas/vectors";
import knnKernel from "../workers/domain/knn.wasm";
import { queryMatrix, VectorMatrix } from "../workers/domain/vector-matrix";
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
 * memory as one float32 matrix that a SIMD kernel scans. Exact cosine k-NN is the right default at
 * catalogue sizes of tens of thousands of vectors per namespace (10,000 × 384 dimensions: 15 MB, a
 * scan well under a millisecond); past that, configure Vectorize.
 */
export class VectorIndexActor extends DurableObject<AppEnv> {
  private readonly sql: SqlStorage;
  private matrix?: VectorMatrix;
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

  private load(): VectorMatrix {
    if (this.matrix) return this.matrix;
    const matrix = new VectorMatrix(knnKernel);
    for (const row of this.sql.exec<Row>(`SELECT id, vec, metadata FROM vectors`)) {
      matrix.set(row.id, new Float32Array(row.vec), VectorMetadataSchema.parse(JSON.parse(row.metadata)));
    }
    this.matrix = matrix;
    return matrix;
  }

  async upsert(input: VectorRecord[]): Promise<UpsertResult> {
    const parsed = RecordsSchema.safeParse(input);
    if (!parsed.success) return { ok: false, code: "invalid", message: z.prettifyError(parsed.error) };
    const matrix = this.load();
    const dims = matrix.dimensions || parsed.data[0]?.values.length;
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
      matrix.set(r.id, values, r.metadata);
    }
    this.writes++;
    return { ok: true, count: parsed.data.length };
  }

  async remove(ids: string[]): Promise<number> {
    const matrix = this.load();
    let removed = 0;
    for (const id of ids) {
      if (!matrix.delete(id)) continue;
      this.sql.exec(`DELETE FROM vectors WHERE id = ?`, id);
      removed++;
    }
    this.writes++;
    return removed;
  }

  async query(vector: number[], options: VectorQuery = {}): Promise<VectorMatch[]> {
    return queryMatrix(this.load(), vector, options);
  }

  async queryEach(vector: number[], queries: VectorQuery[]): Promise<VectorMatch[][]> {
    return Promise.all(queries.map((q) => this.query(vector, q)));
  }

  /** Stored vectors by id; unknown ids are left out. Values travel as Float32Array (one buffer over RPC). */
  async get(ids: string[]): Promise<StoredRecord[]> {
    const matrix = this.load();
    return IdsSchema.parse(ids).flatMap((id) => {
      const values = matrix.values(id);
      return values ? [{ id, values, metadata: matrix.metadataOf(id)! }] : [];
    });
  }

  /**
   * Every record and the version they make up, for an isolate's read replica (see replica.ts); null
   * when the namespace holds more than `maxRecords`. Values travel as Float32Array.
   */
  async snapshot(maxRecords: number): Promise<{ version: string; records: StoredRecord[] } | null> {
    const matrix = this.load();
    if (matrix.size > maxRecords) return null;
    const records = matrix
      .storedIds()
      .map((id) => ({ id, values: matrix.values(id)!, metadata: matrix.metadataOf(id)! }));
    return { version: this.versionNow(), records };
  }

  async version(): Promise<string> {
    return this.versionNow();
  }

  private versionNow(): string {
    return `${this.generation}:${this.writes}`;
  }

  async count(): Promise<number> {
    return this.load().size;
  }
}
