import { sql, type SQL } from "drizzle-orm";
import { priceDrops } from "../../../schemas/db";
import { createDb, type D1Env } from "./d1";
import { pruneBefore, type PruneBudget } from "./prune";

export type PriceDropRecord = { itemId: string; at: number; from: number; to: number; percent: number };

/** Remembers a drop before its fan-out starts, so interest that lands later can still find it. */
export async function recordPriceDrop(env: D1Env, drop: PriceDropRecord): Promise<void> {
  await createDb(env)
    .insert(priceDrops)
    .values({
      itemId: drop.itemId,
      at: new Date(drop.at),
      fromPrice: drop.from,
      toPrice: drop.to,
      percent: drop.percent,
    })
    .onConflictDoNothing();
}

/** Drops of these items at or after `since` (ms): the ones an interest shown at `since` predates. */
export function dropsSinceStatement(itemIds: readonly string[], since: number): SQL {
  return sql`
    SELECT ${priceDrops.itemId} AS itemId, ${priceDrops.at} AS at, ${priceDrops.fromPrice} AS "from",
      ${priceDrops.toPrice} AS "to", ${priceDrops.percent} AS percent
    FROM ${priceDrops}
    WHERE ${priceDrops.at} >= ${since}
      AND ${priceDrops.itemId} IN (SELECT value FROM json_each(${JSON.stringify([...new Set(itemIds)])}))`;
}

export async function dropsSince(env: D1Env, itemIds: string[], since: number): Promise<PriceDropRecord[]> {
  if (itemIds.length === 0) return [];
  return createDb(env).all<PriceDropRecord>(dropsSinceStatement(itemIds, since));
}

/** Retention: a drop older than `cutoff` (ms) waits for no more interest. */
export function prunePriceDrops(env: D1Env, cutoff: number, budget: PruneBudget): Promise<number> {
  return pruneBefore(createDb(env), priceDrops, priceDrops.at, cutoff, budget);
}
