import { drizzle } from "drizzle-orm/d1";
import * as schema from "../../../schemas/db";

/** The relational system of record. D1 has no interactive transactions: use `db.batch`. */
export const createDb = (env: { DB: D1Database }) => drizzle(env.DB, { schema });
export type Db = ReturnType<typeof createDb>;
