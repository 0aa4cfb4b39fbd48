import { drizzle } from "drizzle-orm/d1";
import * as schema from "../../../schemas/db";

const open = (binding: D1Database) => drizzle(binding, { schema });
export type Db = ReturnType<typeof open>;

// Building the client walks the whole schema (relational config): a cost per call, not per query.
const clients = new WeakMap<D1Database, Db>();

/** The relational system of record. D1 has no interactive transactions: use `db.batch`. */
export function createDb(env: { DB: D1Database }): Db {
  let db = clients.get(env.DB);
  if (!db) clients.set(env.DB, (db = open(env.DB)));
  return db;
}
