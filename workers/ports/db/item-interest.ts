import { and, asc, eq, gt, gte, sql, type SQL } from "drizzle-orm";
import { itemInterest } from "../../../schemas/db";
import { createDb, type D1Env } from "./d1";
import { pruneBefore, type PruneBudget } from "./prune";

export type Interest = {
  itemId: string;
  userId: string;
  kind: "view" | "click" | "add_to_cart" | "search";
  lastAt: number;
};

/**
 * Records interest in one statement (rows as arrays in column order, see d1.ts).
 * `last_at` only moves forward and the kind shown at the latest moment wins, so writing the same
 * interest again (a redelivered batch) changes nothing.
 */
export function upsertInterestStatement(interest: Interest[]): SQL {
  const rows = interest.map((i) => [i.itemId, i.userId, i.kind, i.lastAt]);
  return sql`
    INSERT INTO ${itemInterest} (item_id, user_id, kind, last_at)
    SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3
    FROM json_each(${JSON.stringify(rows)}) WHERE true
    ON CONFLICT (item_id, user_id) DO UPDATE SET
      kind = CASE WHEN excluded.last_at >= last_at THEN excluded.kind ELSE kind END,
      last_at = max(last_at, excluded.last_at)`;
}

/** A price drop's audience, a page at a time: users interested in the item since `since`, by user id after `afterUserId`. */
export async function interestedUsers(
  env: D1Env,
  query: { itemId: string; since: Date; afterUserId?: string; limit: number },
): Promise<string[]> {
  const rows = await createDb(env)
    .select({ userId: itemInterest.userId })
    .from(itemInterest)
    .where(
      and(
        eq(itemInterest.itemId, query.itemId),
        gte(itemInterest.lastAt, query.since),
        query.afterUserId ? gt(itemInterest.userId, query.afterUserId) : undefined,
      ),
    )
    .orderBy(asc(itemInterest.userId))
    .limit(query.limit);
  return rows.map((r) => r.userId);
}

/** Retention: interest last shown before `cutoff` (ms) can no longer make anyone an audience. */
export function pruneInterest(env: D1Env, cutoff: number, budget: PruneBudget): Promise<number> {
  return pruneBefore(createDb(env), itemInterest, itemInterest.lastAt, cutoff, budget);
}
