import type { SQL } from "drizzle-orm";
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";

/**
 * Runs `work` on a postgres.js client of its own over the Hyperdrive binding, closed when it settles.
 * Cloudflare's Hyperdrive guide: a client per request is cheap because Hyperdrive pools the real
 * connections; at most 5 sockets (a Worker invocation may hold 6 outbound connections); no type
 * fetching, as the archive has no array or custom types, so connecting costs no extra round trip.
 * Prepared statements stay on (Hyperdrive supports them): each repository sends one fixed text.
 */
async function withPostgres<T>(hyperdrive: Hyperdrive, work: (db: PostgresJsDatabase) => Promise<T>): Promise<T> {
  const client = postgres(hyperdrive.connectionString, { max: 5, fetch_types: false, onnotice: () => {} });
  try {
    return await work(drizzle(client));
  } finally {
    await client.end();
  }
}

/** One read statement's rows, as postgres.js returns them (column names as the statement aliases them). */
export async function read<T extends Record<string, unknown>>(hyperdrive: Hyperdrive, statement: SQL): Promise<T[]> {
  return (await withPostgres(hyperdrive, (db) => db.execute(statement))) as unknown as T[];
}

/** Instants travel as ISO-8601 text and are read as timestamptz (exact to the millisecond). */
export const iso = (ms: number | Date) => new Date(ms).toISOString();

/**
 * One batch statement. Drizzle's error message repeats the parameters, here the whole batch with its
 * user ids and search queries, and the consumer logs the message: only the driver's own reason is kept.
 */
export async function write(hyperdrive: Hyperdrive, table: string, rows: number, statement: SQL): Promise<void> {
  try {
    await withPostgres(hyperdrive, (db) => db.execute(statement));
  } catch (error) {
    const cause = error instanceof Error && error.cause !== undefined ? error.cause : error;
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new Error(`archive write to ${table} failed (${rows} rows): ${reason}`, { cause });
  }
}
