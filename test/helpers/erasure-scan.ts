import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import type { AppEnv } from "../../workers/env";
import { archiveRows, hyperdrive } from "./postgres";

/**
 * Scans for an id after an erasure: every place a person's data can be, each reporting where the id
 * still appears (`table: n rows`). An empty list means the store never mentions them.
 */

const appEnv = env as AppEnv;

/** Every D1 table (but the runtime's own), every column cast to text, searched for `needle`. */
export async function scanD1(needle: string): Promise<string[]> {
  const { results: tables } = await appEnv.DB.prepare(
    `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name <> 'd1_migrations'`,
  ).all<{ name: string }>();
  const found: string[] = [];
  for (const { name } of tables) {
    const { results: columns } = await appEnv.DB.prepare(`SELECT name FROM pragma_table_info(?1)`)
      .bind(name)
      .all<{ name: string }>();
    const where = columns.map((c) => `instr(CAST("${c.name}" AS TEXT), ?1) > 0`).join(" OR ");
    const row = await appEnv.DB.prepare(`SELECT count(*) AS n FROM "${name}" WHERE ${where}`)
      .bind(needle)
      .first<{ n: number }>();
    if (row && row.n > 0) found.push(`d1.${name}: ${row.n}`);
  }
  return found;
}

/** The actor's SQLite tables (every column) and its key-value storage, searched for `needle`. */
export async function scanActor(stub: DurableObjectStub, label: string, needle: string): Promise<string[]> {
  return runInDurableObject(stub, async (_instance: unknown, state: DurableObjectState) => {
    const sql = state.storage.sql;
    const found: string[] = [];
    const tables = sql
      .exec<{ name: string }>(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'`,
      )
      .toArray();
    for (const { name } of tables) {
      const columns = sql.exec<{ name: string }>(`SELECT name FROM pragma_table_info(?)`, name).toArray();
      if (columns.length === 0) continue;
      const where = columns.map((c) => `instr(CAST("${c.name}" AS TEXT), ?1) > 0`).join(" OR ");
      const n = sql.exec<{ n: number }>(`SELECT count(*) AS n FROM "${name}" WHERE ${where}`, needle).one().n;
      if (n > 0) found.push(`${label}.${name}: ${n}`);
    }
    const keys = await state.storage.list();
    for (const [key, value] of keys) {
      if (key.includes(needle) || JSON.stringify(value ?? null).includes(needle)) found.push(`${label} key ${key}`);
    }
    if (await state.storage.getAlarm()) found.push(`${label}: an alarm is still set`);
    return found;
  });
}

/** Every KV key of the cache namespace: names and values. */
export async function scanKv(needle: string): Promise<string[]> {
  const found: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await appEnv.CACHE.list(cursor ? { cursor } : {});
    for (const { name } of page.keys) {
      const value = await appEnv.CACHE.get(name);
      if (name.includes(needle) || value?.includes(needle)) found.push(`kv ${name}`);
    }
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  return found;
}

/** Every R2 object: keys and bodies. */
export async function scanR2(needle: string): Promise<string[]> {
  const found: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await appEnv.BLOBS.list({ limit: 1000, ...(cursor ? { cursor } : {}) });
    for (const object of page.objects) {
      const body = await (await appEnv.BLOBS.get(object.key))?.text();
      if (object.key.includes(needle) || body?.includes(needle)) found.push(`r2 ${object.key}`);
    }
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return found;
}

/** Every table of the Postgres archive, each row as text; [] when no archive runs. */
export async function scanPostgres(needle: string): Promise<string[]> {
  if (!hyperdrive) return [];
  const tables = await archiveRows<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    [],
  );
  const found: string[] = [];
  for (const { name } of tables) {
    const [row] = await archiveRows<{ n: string }>(
      `SELECT count(*) AS n FROM "${name}" t WHERE position($1 in t::text) > 0`,
      [needle],
    );
    if (Number(row?.n ?? 0) > 0) found.push(`postgres.${name}: ${row!.n}`);
  }
  return found;
}
