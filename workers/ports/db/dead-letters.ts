import { deadLetters, type DeadLetterRow } from "../../../schemas/db";
import { createDb, type D1Env } from "./d1";
import { pruneBefore, type PruneBudget } from "./prune";

/** Stores dead letters in one round trip; the message id is the key, so a redelivered one is stored once. */
export async function saveDeadLetters(env: D1Env, rows: DeadLetterRow[]): Promise<void> {
  const db = createDb(env);
  const [first, ...rest] = rows.map((r) => db.insert(deadLetters).values(r).onConflictDoNothing());
  if (first) await db.batch([first, ...rest]);
}

/** Retention: dead letters received before `cutoff` (ms). */
export function pruneDeadLetters(env: D1Env, cutoff: number, budget: PruneBudget): Promise<number> {
  return pruneBefore(createDb(env), deadLetters, deadLetters.receivedAt, cutoff, budget);
}
