import { configOf, type AppEnv } from "../env";
import { pruneDeadLetters } from "../ports/db/dead-letters";
import { pruneItemEvents } from "../ports/db/item-events";
import { pruneInterest } from "../ports/db/item-interest";

export const DEAD_LETTER_RETENTION_DAYS = 30;
/** Rows one statement deletes, so a large backlog never holds D1 in one long write. */
export const ROWS_PER_DELETE = 5_000;
/** Statements per table and run: a backlog beyond this many rows is left for the next run, 15 minutes later. */
const DELETES_PER_RUN = 20;

const DAY_MS = 86_400_000;
const BUDGET = { rowsPerDelete: ROWS_PER_DELETE, deletesPerRun: DELETES_PER_RUN };

/**
 * Retention: dead letters, behaviour-log events and price-drop interest older than their windows
 * are deleted, each through its timestamp index in bounded statements (interest older than
 * PRICE_DROP_INTEREST_DAYS can no longer make anyone an audience).
 */
export async function maintenance(
  env: AppEnv,
  now: Date,
): Promise<{ deadLettersDeleted: number; eventsDeleted: number; interestDeleted: number }> {
  const config = configOf(env);
  const ago = (days: number) => now.getTime() - days * DAY_MS;
  const deadLettersDeleted = await pruneDeadLetters(env, ago(DEAD_LETTER_RETENTION_DAYS), BUDGET);
  const eventsDeleted = await pruneItemEvents(env, ago(config.BEHAVIOUR_LOG_RETENTION_DAYS), BUDGET);
  const interestDeleted = await pruneInterest(env, ago(config.PRICE_DROP_INTEREST_DAYS), BUDGET);
  return { deadLettersDeleted, eventsDeleted, interestDeleted };
}
