import { sql } from "drizzle-orm";
import { activityDays } from "../../../../schemas/db/pg/analytics";
import { activityEvents, apiRequestLogs, userActions } from "../../../../schemas/db/pg/archive";
import { read } from "./client";

/**
 * Erases one person from the Postgres archive (DELETE /v1/me): every table that names them, in one
 * statement (one transaction); idempotent, so a crashed step runs again. Rows removed per table.
 */
export async function eraseFromArchive(hyperdrive: Hyperdrive, userId: string): Promise<Record<string, number>> {
  const [row] = await read<{ actions: number; events: number; days: number; logs: number }>(
    hyperdrive,
    sql`
    WITH actions AS (DELETE FROM ${userActions} WHERE user_id = ${userId} RETURNING 1),
      events AS (DELETE FROM ${activityEvents} WHERE user_id = ${userId} RETURNING 1),
      days AS (DELETE FROM ${activityDays} WHERE user_id = ${userId} RETURNING 1),
      logs AS (DELETE FROM ${apiRequestLogs} WHERE user_id = ${userId} RETURNING 1)
    SELECT (SELECT count(*) FROM actions)::int AS actions, (SELECT count(*) FROM events)::int AS events,
      (SELECT count(*) FROM days)::int AS days, (SELECT count(*) FROM logs)::int AS logs`,
  );
  return {
    "postgres.user_actions": row?.actions ?? 0,
    "postgres.activity_events": row?.events ?? 0,
    "postgres.activity_days": row?.days ?? 0,
    "postgres.api_request_logs": row?.logs ?? 0,
  };
}
