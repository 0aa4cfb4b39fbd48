import { sql } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import { deadLetters, itemEvents, itemInterest } from "../../schemas/db";
import { configOf, type AppEnv } from "../env";
import { createDb, type Db } from "../ports/db/d1";

export const DEAD_LETTER_RETENTION_DAYS = 30;
/** Rows one statement deletes, so a large backlog never holds D1 in one long write. */
export const ROWS_PER_DELETE = 5_000;
/** Statements per table and run: a backlog beyond this many rows is left for the next run, 15 minutes later. */
const DELETES_PER_RUN = 20;

const DAY_MS = 86_400_000;

/** Deletes the rows whose `at` (an indexed timestamp column) is before `cutoff`, oldest first, in bounded statements. */
async function pruneBefore(db: Db, table: SQLiteTable, at: SQLiteColumn, cutoff: number): Promise<number> {
  let deleted = 0;
  for (let i = 0; i < DELETES_PER_RUN; i++) {
    const rows = await db.all<{ n: number }>(sql`
      DELETE FROM ${table} WHERE rowid IN (
        SELECT rowid FROM ${table} WHERE ${at} < ${cutoff} ORDER BY ${at} LIMIT ${ROWS_PER_DELETE}
      ) RETURNING 1 AS n`);
    deleted += rows.length;
    if (rows.length < ROWS_PER_DELETE) break;
  }
  return deleted;
}

/**
 * Retention: dead letters, behaviour-log events and price-drop interest older than their windows
 * are deleted, each through its timestamp index in bounded statements (interest older than
 * PRICE_DROP_INTEREST_DAYS can no longer make anyone an audience).
 */
export async function maintenance(
  env: AppEnv,
  now: Date,
): Promise<{ deadLettersDeleted: number; eventsDeleted: number; interestDeleted: number }> {
  const db = createDb(env);
  const config = configOf(env);
  const ago = (days: number) => now.getTime() - days * DAY_MS;
  const deadLettersDeleted = await pruneBefore(
    db,
    deadLetters,
    deadLetters.receivedAt,
    ago(DEAD_LETTER_RETENTION_DAYS),
  );
  const eventsDeleted = await pruneBefore(db, itemEvents, itemEvents.at, ago(config.BEHAVIOUR_LOG_RETENTION_DAYS));
  const interestDeleted = await pruneBefore(
    db,
    itemInterest,
    itemInterest.lastAt,
    ago(config.PRICE_DROP_INTEREST_DAYS),
  );
  return { deadLettersDeleted, eventsDeleted, interestDeleted };
}
