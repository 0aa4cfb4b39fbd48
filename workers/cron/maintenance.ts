import { lt, sql } from "drizzle-orm";
import { deadLetters, itemEvents } from "../../schemas/db";
import { configOf, type AppEnv } from "../env";
import { createDb, type Db } from "../ports/db/d1";

export const DEAD_LETTER_RETENTION_DAYS = 30;
/** Rows one statement deletes, so a large backlog never holds D1 in one long write. */
export const EVENTS_PER_DELETE = 5_000;
/** Statements per run: a backlog beyond this many rows is left for the next run, 15 minutes later. */
const DELETES_PER_RUN = 20;

const DAY_MS = 86_400_000;

/** Deletes behaviour-log events older than `cutoff`, oldest first, in bounded statements. */
async function pruneEvents(db: Db, cutoff: Date): Promise<number> {
  let deleted = 0;
  for (let i = 0; i < DELETES_PER_RUN; i++) {
    const rows = await db.all<{ n: number }>(sql`
      DELETE FROM ${itemEvents} WHERE rowid IN (
        SELECT rowid FROM ${itemEvents} WHERE ${itemEvents.at} < ${cutoff.getTime()} ORDER BY ${itemEvents.at} LIMIT ${EVENTS_PER_DELETE}
      ) RETURNING 1 AS n`);
    deleted += rows.length;
    if (rows.length < EVENTS_PER_DELETE) break;
  }
  return deleted;
}

/** Retention: dead letters and behaviour-log events older than their windows are deleted. */
export async function maintenance(
  env: AppEnv,
  now: Date,
): Promise<{ deadLettersDeleted: number; eventsDeleted: number }> {
  const db = createDb(env);
  const deleted = await db
    .delete(deadLetters)
    .where(lt(deadLetters.receivedAt, new Date(now.getTime() - DEAD_LETTER_RETENTION_DAYS * DAY_MS)))
    .returning({ id: deadLetters.id });
  const eventsDeleted = await pruneEvents(
    db,
    new Date(now.getTime() - configOf(env).BEHAVIOUR_LOG_RETENTION_DAYS * DAY_MS),
  );
  return { deadLettersDeleted: deleted.length, eventsDeleted };
}
