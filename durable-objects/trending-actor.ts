import { DurableObject } from "cloudflare:workers";
import { z } from "zod";
import { logAddExp, logWeight, scoreAt } from "../workers/domain/trending";
import { configOf, type AppEnv } from "../workers/env";

export const TrendHitSchema = z.object({
  itemId: z.string(),
  category: z.string(),
  weight: z.number().positive(),
  at: z.number(),
});
export type TrendHit = z.infer<typeof TrendHitSchema>;
const TrendHitsSchema = z.array(TrendHitSchema);
export type TrendingItem = { itemId: string; category: string; score: number };

const RATE_WINDOW_S = 120;

/**
 * Decayed item popularity for cold-start recommendations, and events-per-second for the
 * dashboard. Fed in batches by the behaviour-log consumer, so it is off every request path.
 */
export class TrendingActor extends DurableObject<AppEnv> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: AppEnv) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    void ctx.blockConcurrencyWhile(async () => {
      this.sql.exec(
        `CREATE TABLE IF NOT EXISTS trend (item_id TEXT PRIMARY KEY, category TEXT NOT NULL, log_ref REAL NOT NULL)`,
      );
      this.sql.exec(`CREATE INDEX IF NOT EXISTS trend_category ON trend (category, log_ref)`);
      this.sql.exec(`CREATE INDEX IF NOT EXISTS trend_score ON trend (log_ref)`);
      this.sql.exec(`CREATE TABLE IF NOT EXISTS rate (second INTEGER PRIMARY KEY, events INTEGER NOT NULL)`);
    });
  }

  private get halfLifeMs() {
    return configOf(this.env).TRENDING_HALF_LIFE_HOURS * 3_600_000;
  }

  /** Adds decayed weight per item, and counts every event (by its own time) for the rate chart. */
  async bump(input: TrendHit[], eventTimes: number[]): Promise<void> {
    const hits = TrendHitsSchema.parse(input);
    const h = this.halfLifeMs;
    // an item's hits in this batch are summed first
    const added = new Map<string, { category: string; logRef: number }>();
    for (const hit of hits) {
      const add = logWeight(hit.weight, hit.at, h);
      const prev = added.get(hit.itemId);
      added.set(hit.itemId, { category: hit.category, logRef: prev ? logAddExp(prev.logRef, add) : add });
    }
    // two statements for the whole batch: read the current weights, write the sums
    const ids = JSON.stringify([...added.keys()]);
    const current = new Map(
      this.sql
        .exec<{
          item_id: string;
          log_ref: number;
        }>(`SELECT item_id, log_ref FROM trend WHERE item_id IN (SELECT value FROM json_each(?))`, ids)
        .toArray()
        .map((r) => [r.item_id, r.log_ref]),
    );
    const rows = [...added].map(([itemId, { category, logRef }]): [string, string, number] => {
      const old = current.get(itemId);
      return [itemId, category, old === undefined ? logRef : logAddExp(old, logRef)];
    });
    this.sql.exec(
      `INSERT OR REPLACE INTO trend (item_id, category, log_ref) SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?)`,
      JSON.stringify(rows),
    );
    const perSecond = new Map<number, number>();
    for (const t of eventTimes) perSecond.set(Math.floor(t / 1000), (perSecond.get(Math.floor(t / 1000)) ?? 0) + 1);
    for (const [second, events] of perSecond) {
      this.sql.exec(
        `INSERT INTO rate (second, events) VALUES (?, ?) ON CONFLICT (second) DO UPDATE SET events = events + excluded.events`,
        second,
        events,
      );
    }
    this.sql.exec(`DELETE FROM rate WHERE second < ?`, Math.floor(Date.now() / 1000) - RATE_WINDOW_S);
  }

  async top(opts: { limit: number; category?: string; exclude?: string[] }): Promise<TrendingItem[]> {
    const exclude = new Set(opts.exclude ?? []);
    const now = Date.now();
    const rows = this.sql
      .exec<{ item_id: string; category: string; log_ref: number }>(
        opts.category
          ? `SELECT item_id, category, log_ref FROM trend WHERE category = ? ORDER BY log_ref DESC LIMIT ?`
          : `SELECT item_id, category, log_ref FROM trend ORDER BY log_ref DESC LIMIT ?`,
        ...(opts.category ? [opts.category] : []),
        opts.limit + exclude.size,
      )
      .toArray();
    return rows
      .filter((r) => !exclude.has(r.item_id))
      .slice(0, opts.limit)
      .map((r) => ({ itemId: r.item_id, category: r.category, score: scoreAt(r.log_ref, now, this.halfLifeMs) }));
  }

  /** Events per second over the last `seconds` seconds, oldest first, zeros included. */
  async rate(seconds = 60, now = Date.now()): Promise<{ second: number; events: number }[]> {
    const end = Math.floor(now / 1000);
    const start = end - Math.min(seconds, RATE_WINDOW_S) + 1;
    const counts = new Map(
      this.sql
        .exec<{ second: number; events: number }>(`SELECT second, events FROM rate WHERE second >= ?`, start)
        .toArray()
        .map((r) => [r.second, r.events]),
    );
    return Array.from({ length: end - start + 1 }, (_, i) => ({
      second: start + i,
      events: counts.get(start + i) ?? 0,
    }));
  }
}
