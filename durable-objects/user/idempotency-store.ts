import { StoredResponseSchema, type IdempotencyBegin, type StoredResponse } from "../../schemas/idempotency";

const TTL_MS = 24 * 60 * 60 * 1000;
// a claimed key whose request never completed (isolate died) may be retried after this long
const STALE_MS = 60 * 1000;

/**
 * Idempotency keys of the user's writes. The actor is the single writer for its user, so the
 * check-and-claim is atomic: of two concurrent requests with one key, exactly one proceeds.
 */
export class IdempotencyStore {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(
      `CREATE TABLE IF NOT EXISTS idempotency (
         key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, response TEXT, created_at INTEGER NOT NULL)`,
    );
  }

  begin(key: string, fingerprint: string, now: number): IdempotencyBegin {
    this.sql.exec(`DELETE FROM idempotency WHERE created_at < ?`, now - TTL_MS);
    const row = this.sql
      .exec<{ fingerprint: string; response: string | null; created_at: number }>(
        `SELECT fingerprint, response, created_at FROM idempotency WHERE key = ?`,
        key,
      )
      .toArray()[0];
    if (row && row.fingerprint !== fingerprint) return { state: "mismatch" };
    if (row?.response) return { state: "done", response: StoredResponseSchema.parse(JSON.parse(row.response)) };
    if (row && now - row.created_at < STALE_MS) return { state: "in-progress" };
    this.sql.exec(
      `INSERT OR REPLACE INTO idempotency (key, fingerprint, response, created_at) VALUES (?, ?, NULL, ?)`,
      key,
      fingerprint,
      now,
    );
    return { state: "new" };
  }

  /** Stores the first response for replay, or releases the key when the request did not succeed. */
  complete(key: string, response: StoredResponse | null): void {
    if (response === null) this.sql.exec(`DELETE FROM idempotency WHERE key = ?`, key);
    else this.sql.exec(`UPDATE idempotency SET response = ? WHERE key = ?`, JSON.stringify(response), key);
  }
}
