import { sql } from "drizzle-orm";
import { requestLogs } from "../../../schemas/db";
import { createDb, type D1Env } from "./d1";

export type RequestLog = typeof requestLogs.$inferInsert;

/**
 * Request-log rows in one statement: they travel as one JSON parameter (each row an array in column
 * order, see d1.ts), so a queue batch of a hundred logs costs one query to build and run
 * instead of a hundred drizzle inserts, whose building was the largest share of the queue consumer's
 * CPU under the chat bench. A redelivered row (same id) is ignored.
 */
export async function saveRequestLogs(env: D1Env, rows: RequestLog[]): Promise<void> {
  if (rows.length === 0) return;
  const values = rows.map((r) => [
    r.id,
    r.requestId,
    r.userId,
    r.route,
    r.method,
    r.status,
    r.latencyMs,
    r.provider,
    r.model,
    r.tokens,
    r.at.getTime(),
  ]);
  await createDb(env).run(sql`
    INSERT INTO ${requestLogs} (id, request_id, user_id, route, method, status, latency_ms, provider, model, tokens, at)
    SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, value ->> 7,
      value ->> 8, value ->> 9, value ->> 10
    FROM json_each(${JSON.stringify(values)}) WHERE true
    ON CONFLICT DO NOTHING`);
}
