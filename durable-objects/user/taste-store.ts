import type { EventType } from "../../schemas/events";
import { sqlBlob } from "../sql-blob";
import { EVENT_WEIGHTS, toNumbers, updateTasteMany, type HalfLives, type Taste } from "../../workers/domain/preference";

const TRACE_RETENTION_MS = 30 * 86_400_000;
const POSITIVE: ReadonlySet<EventType> = new Set(["view", "click", "add_to_cart", "purchase"]);
/** The recent items that count: the newest `recentLimit` rows (bound as the one parameter). */
const RECENT_WINDOW = `(SELECT item_id, title, type, at FROM recent_items ORDER BY at DESC LIMIT ?)`;

export type AppliedEvent = {
  type: EventType;
  itemId: string | null;
  title: string | null;
  vector: ArrayLike<number> | null;
  at: number;
};
export type RecentItem = { itemId: string; title: string };

/**
 * The user's taste: the preference vector, the items they recently touched (not recommended
 * again), what they bought, and the trace ids already applied (so a replay changes nothing).
 */
export class TasteStore {
  /** Changes whenever the taste, the recent items or the purchases change (in memory: a cache key). */
  version = 0;
  /** The taste as last read or written (undefined: not read yet); SQLite stays the record. */
  private current: Taste | null | undefined;
  /**
   * Rows in `recent_items`, counted high (an upsert of a present item counts too). The table may hold
   * up to twice `recentLimit` rows and is trimmed back to the newest `recentLimit` when it overflows,
   * so the trim runs once per `recentLimit` new items instead of on every event; readers look at the
   * newest `recentLimit` rows only, so what they see is the same.
   */
  private recentRows: number;

  constructor(
    private readonly sql: SqlStorage,
    private readonly recentLimit: number,
  ) {
    sql.exec(`CREATE TABLE IF NOT EXISTS traces (trace_id TEXT PRIMARY KEY, at INTEGER NOT NULL)`);
    sql.exec(
      `CREATE TABLE IF NOT EXISTS taste (id INTEGER PRIMARY KEY CHECK (id = 1), vector BLOB NOT NULL, updated_at INTEGER NOT NULL)`,
    );
    // Recent items without their vectors (the index has them): every event rewrites a row here,
    // and small rows keep that write cheap. Replaces the first layout, which stored the vector.
    sql.exec(
      `CREATE TABLE IF NOT EXISTS recent_items (item_id TEXT PRIMARY KEY, title TEXT NOT NULL, type TEXT NOT NULL, at INTEGER NOT NULL)`,
    );
    sql.exec(`CREATE INDEX IF NOT EXISTS recent_items_at ON recent_items (at)`);
    if (sql.exec(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'recent'`).toArray().length > 0) {
      sql.exec(`INSERT OR IGNORE INTO recent_items SELECT item_id, title, type, at FROM recent`);
      sql.exec(`DROP TABLE recent`);
    }
    sql.exec(`CREATE TABLE IF NOT EXISTS purchased (item_id TEXT PRIMARY KEY, at INTEGER NOT NULL)`);
    this.recentRows = this.countRecent();
  }

  private countRecent(): number {
    return this.sql.exec<{ n: number }>(`SELECT count(*) AS n FROM recent_items`).one().n;
  }

  /** Claims trace ids synchronously; returns the ones not seen before (also unique within the call). */
  claim(traceIds: string[], now: number): Set<string> {
    const rows = this.sql
      .exec<{ trace_id: string }>(
        `INSERT OR IGNORE INTO traces (trace_id, at) SELECT value, ? FROM json_each(?) RETURNING trace_id`,
        now,
        JSON.stringify(traceIds),
      )
      .toArray();
    return new Set(rows.map((r) => r.trace_id));
  }

  taste(): Taste | null {
    if (this.current !== undefined) return this.current;
    const row = this.sql
      .exec<{ vector: ArrayBuffer; updated_at: number }>(`SELECT vector, updated_at FROM taste`)
      .toArray()[0];
    this.current = row ? { vector: toNumbers(new Float32Array(row.vector)), updatedAt: row.updated_at } : null;
    return this.current;
  }

  apply(events: AppliedEvent[], halfLives: HalfLives): void {
    const ordered = [...events].sort((a, b) => a.at - b.at);
    const steps = ordered.flatMap((e) =>
      e.vector ? [{ vector: e.vector, weight: EVENT_WEIGHTS[e.type], at: e.at }] : [],
    );
    const taste = updateTasteMany(this.taste(), steps, halfLives);
    for (const e of ordered) {
      if (e.itemId && e.type === "purchase")
        this.sql.exec(`INSERT OR REPLACE INTO purchased (item_id, at) VALUES (?, ?)`, e.itemId, e.at);
    }
    // only the newest `recentLimit` items can survive the trim below, so only they are written
    const newest = new Map<string, AppliedEvent>();
    for (let i = ordered.length - 1; i >= 0 && newest.size < this.recentLimit; i--) {
      const e = ordered[i]!;
      if (e.itemId && !newest.has(e.itemId)) newest.set(e.itemId, e);
    }
    for (const e of newest.values()) {
      this.sql.exec(
        `INSERT INTO recent_items (item_id, title, type, at) VALUES (?, ?, ?, ?)
         ON CONFLICT (item_id) DO UPDATE SET title = excluded.title, type = excluded.type, at = excluded.at`,
        e.itemId,
        e.title ?? e.itemId,
        e.type,
        e.at,
      );
    }
    this.recentRows += newest.size;
    if (taste) {
      const stored = new Float32Array(taste.vector.length);
      stored.set(taste.vector);
      this.sql.exec(
        `INSERT INTO taste (id, vector, updated_at) VALUES (1, ?, ?)
         ON CONFLICT (id) DO UPDATE SET vector = excluded.vector, updated_at = excluded.updated_at`,
        sqlBlob(stored),
        taste.updatedAt,
      );
      // what a fresh read would give, so answers do not change when the actor restarts
      this.current = { vector: toNumbers(stored), updatedAt: taste.updatedAt };
    }
    if (this.recentRows > 2 * this.recentLimit) {
      this.sql.exec(
        `DELETE FROM recent_items WHERE at < (SELECT at FROM recent_items ORDER BY at DESC LIMIT 1 OFFSET ?)`,
        this.recentLimit - 1,
      );
      this.recentRows = this.countRecent();
    }
    this.version++;
  }

  /** Items never to recommend right now: bought, or touched recently (including dismissed). */
  excluded(): Set<string> {
    const rows = this.sql
      .exec<{ item_id: string }>(
        `SELECT item_id FROM ${RECENT_WINDOW} UNION SELECT item_id FROM purchased`,
        this.recentLimit,
      )
      .toArray();
    return new Set(rows.map((r) => r.item_id));
  }

  /** Recent positive interactions, newest first: the candidates for "similar to X". */
  recentPositive(limit = 10): RecentItem[] {
    return this.sql
      .exec<{ item_id: string; title: string }>(
        `SELECT item_id, title FROM ${RECENT_WINDOW} WHERE type IN (${[...POSITIVE].map(() => "?").join(", ")}) ORDER BY at DESC LIMIT ?`,
        this.recentLimit,
        ...POSITIVE,
        limit,
      )
      .toArray()
      .map((r) => ({ itemId: r.item_id, title: r.title }));
  }

  pruneTraces(now: number): void {
    this.sql.exec(`DELETE FROM traces WHERE at < ?`, now - TRACE_RETENTION_MS);
  }

  clear(): void {
    for (const table of ["traces", "taste", "recent_items", "purchased"]) this.sql.exec(`DELETE FROM ${table}`);
    this.current = null;
    this.recentRows = 0;
    this.version++;
  }
}
