import { lt } from "drizzle-orm";
import { deadLetters } from "../../schemas/db";
import type { AppEnv } from "../env";
import { createDb } from "../ports/db/d1";

export const DEAD_LETTER_RETENTION_DAYS = 30;

/** Retention: dead letters older than the retention window are deleted. */
export async function maintenance(env: AppEnv, now: Date): Promise<{ deadLettersDeleted: number }> {
  const cutoff = new Date(now.getTime() - DEAD_LETTER_RETENTION_DAYS * 86_400_000);
  const deleted = await createDb(env)
    .delete(deadLetters)
    .where(lt(deadLetters.receivedAt, cutoff))
    .returning({ id: deadLetters.id });
  return { deadLettersDeleted: deleted.length };
}
