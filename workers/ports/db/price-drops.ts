import { and, gte, inArray } from "drizzle-orm";
import { priceDrops } from "../../../schemas/db";
import { createDb, type D1Env } from "./d1";
import { inChunks } from "./in-chunks";
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
export async function dropsSince(env: D1Env, itemIds: string[], since: number): Promise<PriceDropRecord[]> {
  const rows = await inChunks(itemIds, (chunk) =>
    createDb(env)
      .select()
      .from(priceDrops)
      .where(and(inArray(priceDrops.itemId, chunk), gte(priceDrops.at, new Date(since)))),
  );
  return rows.map((r) => ({
    itemId: r.itemId,
    at: r.at.getTime(),
    from: r.fromPrice,
    to: r.toPrice,
    percent: r.percent,
  }));
}

/** Retention: a drop older than `cutoff` (ms) waits for no more interest. */
export function prunePriceDrops(env: D1Env, cutoff: number, budget: PruneBudget): Promise<number> {
  return pruneBefore(createDb(env), priceDrops, priceDrops.at, cutoff, budget);
}
