import { sql } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Db } from "./d1";

/** How much one retention run may delete: rows per statement and statements per table. */
export type PruneBudget = { rowsPerDelete: number; deletesPerRun: number };

/**
 * Deletes the rows whose `at` (an indexed timestamp column) is before `cutoff`, oldest first, in
 * bounded statements, so a large backlog never holds D1 in one long write; what is left over
 * waits for the next run. Returns how many rows were deleted.
 */
export async function pruneBefore(
  db: Db,
  table: SQLiteTable,
  at: SQLiteColumn,
  cutoff: number,
  budget: PruneBudget,
): Promise<number> {
  let deleted = 0;
  for (let i = 0; i < budget.deletesPerRun; i++) {
    const rows = await db.all<{ n: number }>(sql`
      DELETE FROM ${table} WHERE rowid IN (
        SELECT rowid FROM ${table} WHERE ${at} < ${cutoff} ORDER BY ${at} LIMIT ${budget.rowsPerDelete}
      ) RETURNING 1 AS n`);
    deleted += rows.length;
    if (rows.length < budget.rowsPerDelete) break;
  }
  return deleted;
}
