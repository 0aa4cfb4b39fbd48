import { configOf, type AppEnv } from "../env";
import { pruneDeadLetters } from "../ports/db/dead-letters";
import { pruneItemEvents } from "../ports/db/item-events";
import { pruneInterest } from "../ports/db/item-interest";
import { prunePriceDrops } from "../ports/db/price-drops";

export const DEAD_LETTER_RETENTION_DAYS = 30;
/** Rows one statement deletes, so a large backlog never holds D1 in one long write. */
export const ROWS_PER_DELETE = 5_000;
/** Statements per table and run: a backlog beyond this many rows is left for the next run, 15 minutes later. */
const DELETES_PER_RUN = 20;

/** How long a price drop waits for interest still on its way (an outbox holds events for seconds). */
export const PRICE_DROP_RECHECK_DAYS = 1;

const DAY_MS = 86_400_000;
const BUDGET = { rowsPerDelete: ROWS_PER_DELETE, deletesPerRun: DELETES_PER_RUN };

/**
 * Retention: dead letters, behaviour-log events, price-drop interest and recent drops older than their windows
 * are deleted, each through its timestamp index in bounded statements (interest older than
 * PRICE_DROP_INTEREST_DAYS can no longer make anyone an audience).
 */
export async function maintenance(
  env: AppEnv,
  now: Date,
): Promise<{ deadLettersDeleted: number; eventsDeleted: number; interestDeleted: number; dropsDeleted: number }> {
  const config = configOf(env);
  const ago = (days: number) => now.getTime() - days * DAY_MS;
  const deadLettersDeleted = await pruneDeadLetters(env, ago(DEAD_LETTER_RETENTION_DAYS), BUDGET);
  const eventsDeleted = await pruneItemEvents(env, ago(config.BEHAVIOUR_LOG_RETENTION_DAYS), BUDGET);
  const interestDeleted = await pruneInterest(env, ago(config.PRICE_DROP_INTEREST_DAYS), BUDGET);
  const dropsDeleted = await prunePriceDrops(env, ago(PRICE_DROP_RECHECK_DAYS), BUDGET);
  return { deadLettersDeleted, eventsDeleted, interestDeleted, dropsDeleted };
}
