import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";

/** Only repositories in this folder hold it. */
export type PgDb = PostgresJsDatabase;

/**
 * Runs `work` on a postgres.js client of its own over the Hyperdrive binding, closed when it settles.
 * Cloudflare's Hyperdrive guide: a client per request is cheap because Hyperdrive pools the real
 * connections; at most 5 sockets (a Worker invocation may hold 6 outbound connections); no type
 * fetching, as the archive has no array or custom types, so connecting costs no extra round trip.
 * Prepared statements stay on (Hyperdrive supports them): each repository sends one fixed text.
 */
export async function withPostgres<T>(hyperdrive: Hyperdrive, work: (db: PgDb) => Promise<T>): Promise<T> {
  const client = postgres(hyperdrive.connectionString, { max: 5, fetch_types: false, onnotice: () => {} });
  try {
    return await work(drizzle(client));
  } finally {
    await client.end();
  }
}
