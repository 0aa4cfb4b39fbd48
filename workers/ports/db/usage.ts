import { and, eq, sql } from "drizzle-orm";
import { usageCounters } from "../../../schemas/db";
import { createDb, type D1Env } from "./d1";

export type UsageKey = { userId: string; name: string; window: string };

/**
 * Counts one use when fewer than `limit` were counted in the window; one statement, so two concurrent
 * calls can never both take the last one. Returns the count after this use, or null when the limit was
 * already reached (a refused call counts nothing). `limit` null: counted, never refused.
 */
export async function takeUsage(env: D1Env, key: UsageKey, limit: number | null): Promise<number | null> {
  if (limit !== null && limit < 1) return null;
  const row = await createDb(env)
    .insert(usageCounters)
    .values({ ...key, count: 1 })
    .onConflictDoUpdate({
      target: [usageCounters.userId, usageCounters.name, usageCounters.window],
      set: { count: sql`${usageCounters.count} + 1` },
      ...(limit === null ? {} : { setWhere: sql`${usageCounters.count} < ${limit}` }),
    })
    .returning({ count: usageCounters.count })
    .get();
  if (row && (limit === null || row.count <= limit)) return row.count;
  return null;
}

/** How many uses the window has counted (0 when none). */
export async function usageOf(env: D1Env, key: UsageKey): Promise<number> {
  const row = await createDb(env)
    .select({ count: usageCounters.count })
    .from(usageCounters)
    .where(
      and(eq(usageCounters.userId, key.userId), eq(usageCounters.name, key.name), eq(usageCounters.window, key.window)),
    )
    .get();
  return row?.count ?? 0;
}
