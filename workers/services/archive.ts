import type { LoggedEvent } from "../../schemas/events";
import type { ActivityRecord, DaySummary } from "../../schemas/lifelog";
import type { AppEnv } from "../env";
import { upsertDaySummary } from "../ports/db/pg/analytics";
import { insertActivityEvents, insertApiRequestLogs, insertUserActions } from "../ports/db/pg/archive";
import type { RequestLog } from "../ports/db/request-logs";

/**
 * The Postgres archive (API.md "Archive"), written by the queue consumer when the HYPERDRIVE binding is
 * configured; without it every call is a no-op. Each call is one batched statement, idempotent on the
 * rows' natural ids, so the consumer may retry a whole batch after a failure without doubling a row.
 */
export async function archiveUserActions(env: AppEnv, events: LoggedEvent[]): Promise<void> {
  if (env.HYPERDRIVE) await insertUserActions(env.HYPERDRIVE, events);
}

export async function archiveActivityEvents(env: AppEnv, userId: string, records: ActivityRecord[]): Promise<void> {
  if (env.HYPERDRIVE) await insertActivityEvents(env.HYPERDRIVE, userId, records);
}

export async function archiveRequestLogs(env: AppEnv, rows: RequestLog[]): Promise<void> {
  if (env.HYPERDRIVE) await insertApiRequestLogs(env.HYPERDRIVE, rows);
}

/** A day's totals for analytics (`timeline.day`); a late older summary never replaces a newer one. */
export async function archiveDaySummary(env: AppEnv, userId: string, summary: DaySummary): Promise<void> {
  if (env.HYPERDRIVE) await upsertDaySummary(env.HYPERDRIVE, userId, summary);
}
