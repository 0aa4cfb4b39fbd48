import { eq } from "drizzle-orm";
import { deadLetters, type DeadLetterRow } from "../../../schemas/db";
import { createDb, type D1Env } from "./d1";
import { newestFirst, type Page, type PageRequest } from "./keyset";
import { pruneBefore, type PruneBudget } from "./prune";

/** Stores dead letters in one round trip; the message id is the key, so a redelivered one is stored once. */
export async function saveDeadLetters(env: D1Env, rows: DeadLetterRow[]): Promise<void> {
  const db = createDb(env);
  const [first, ...rest] = rows.map((r) => db.insert(deadLetters).values(r).onConflictDoNothing());
  if (first) await db.batch([first, ...rest]);
}

/** Dead letters, newest first. */
export function listDeadLetters(env: D1Env, page: PageRequest): Promise<Page<DeadLetterRow>> {
  return newestFirst(createDb(env), { table: deadLetters, at: "receivedAt", id: "id" }, page);
}

export async function findDeadLetter(env: D1Env, id: string): Promise<DeadLetterRow | undefined> {
  return createDb(env).select().from(deadLetters).where(eq(deadLetters.id, id)).get();
}

/** Forgets a dead letter once it is back on its queue; false when it was already gone. */
export async function deleteDeadLetter(env: D1Env, id: string): Promise<boolean> {
  const gone = await createDb(env).delete(deadLetters).where(eq(deadLetters.id, id)).returning({ id: deadLetters.id });
  return gone.length > 0;
}

/** Retention: dead letters received before `cutoff` (ms). */
export function pruneDeadLetters(env: D1Env, cutoff: number, budget: PruneBudget): Promise<number> {
  return pruneBefore(createDb(env), deadLetters, deadLetters.receivedAt, cutoff, budget);
}
