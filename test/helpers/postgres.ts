import { env } from "cloudflare:workers";
import postgres from "postgres";
import type { AppEnv } from "../../workers/env";

/** The binding vitest.config.mts adds when a throwaway Postgres runs (absent otherwise). */
export const hyperdrive = (env as AppEnv).HYPERDRIVE;

/** Rows from the archive, read through the same Hyperdrive binding the consumer writes through. */
export async function archiveRows<T extends Record<string, unknown>>(query: string, params: unknown[]): Promise<T[]> {
  if (!hyperdrive) throw new Error("no HYPERDRIVE binding: the Postgres archive tests should have been skipped");
  const sql = postgres(hyperdrive.connectionString, { max: 1, fetch_types: false });
  try {
    return [...(await sql.unsafe<T[]>(query, params as postgres.ParameterOrJSON<never>[]))];
  } finally {
    await sql.end();
  }
}

/** How many rows `query` counts (its first column), as a number. */
export async function archiveCount(query: string, params: unknown[]): Promise<number> {
  const [row] = await archiveRows<{ n: string }>(query, params);
  return Number(row?.n ?? 0);
}
