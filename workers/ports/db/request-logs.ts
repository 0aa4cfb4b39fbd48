import { requestLogs } from "../../../schemas/db";
import { createDb, type D1Env } from "./d1";

export type RequestLog = typeof requestLogs.$inferInsert;

/** Request-log rows in one round trip (a batch); a redelivered row (same id) is ignored. */
export async function saveRequestLogs(env: D1Env, rows: RequestLog[]): Promise<void> {
  const db = createDb(env);
  const [first, ...rest] = rows.map((row) => db.insert(requestLogs).values(row).onConflictDoNothing());
  if (first) await db.batch([first, ...rest]);
}
