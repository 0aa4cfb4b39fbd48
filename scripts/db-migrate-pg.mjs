#!/usr/bin/env node
// `npm run db:migrate:pg`: applies migrations/pg (drizzle-kit's output) to the Postgres in DATABASE_URL,
// the database a Hyperdrive configuration points at. Safe to run again: drizzle records what it applied
// in drizzle.__drizzle_migrations and applies only what is new, inside one transaction.
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";

export const migrationsFolder = resolve(import.meta.dirname, "../migrations/pg");

/** Applies every pending migration to the database at `url`; resolves once they are committed. */
export async function migratePostgres(url) {
  // one connection: migrations run in a single transaction; NOTICEs ("already exists, skipping") are noise
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await migrate(drizzle(client), { migrationsFolder });
  } finally {
    await client.end();
  }
}

/** Where a URL points, without its password (for messages). */
const redacted = (url) => {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable DATABASE_URL)";
  }
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error(
      "DATABASE_URL is not set: point it at the Postgres your Hyperdrive uses, e.g.\n" +
        "  DATABASE_URL=postgres://user:password@localhost:5432/edge_coach npm run db:migrate:pg",
    );
    process.exit(1);
  }
  try {
    await migratePostgres(url);
    console.log(`Postgres archive migrated: ${redacted(url)}`);
  } catch (error) {
    console.error(`Postgres migration failed on ${redacted(url)}: ${error.message}`);
    process.exit(1);
  }
}
