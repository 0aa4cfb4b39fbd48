import type { LoggedEvent } from "../../schemas/events";
import type { ActivityRecord } from "../../schemas/lifelog";
import type { PriceDropNotice } from "../../schemas/notifications";
import { configOf, type AppEnv } from "../env";
import { createProducer, type KafkaRecord } from "../ports/kafka";

/**
 * The Kafka mirror for outside consumers: topics keyed by user id, so one user's records stay in
 * order on one partition. Produced by the queue consumer through Kafka REST when KAFKA_REST_URL is
 * set; a no-op otherwise. Delivery is at least once (a failed message is retried whole), so readers
 * dedupe on the ids each value carries: `traceId`, `eventId`, or user + `itemId` + `day`.
 */
export const TOPICS = {
  userActions: "user.action.v1",
  activity: "activity.raw.v1",
  notifications: "notification.push.v1",
} as const;

/** The version of the message schema every value carries as `v`; a breaking change gets a new topic too. */
export const MIRROR_VERSION = 1;

async function mirror(env: AppEnv, topic: string, records: KafkaRecord[]): Promise<void> {
  if (records.length === 0) return;
  const producer = createProducer(env, configOf(env));
  if (producer) await producer.produce(topic, records);
}

/** Accepted recommendation events, as logged (`LoggedEvent`). */
export function mirrorUserActions(env: AppEnv, events: LoggedEvent[]): Promise<void> {
  return mirror(
    env,
    TOPICS.userActions,
    events.map((event) => ({ key: event.userId, value: { ...event, v: MIRROR_VERSION } })),
  );
}

/** Life-log events as archived (`ActivityRecord`): a location's place stays sealed. */
export function mirrorActivityEvents(env: AppEnv, userId: string, records: ActivityRecord[]): Promise<void> {
  return mirror(
    env,
    TOPICS.activity,
    records.map((record) => ({ key: userId, value: { ...record, v: MIRROR_VERSION } })),
  );
}

export type MirroredNotification = { userId: string; kind: "price_drop"; notice: PriceDropNotice };

/** Notifications as pushed to users (the localized title and body included). */
export function mirrorNotifications(env: AppEnv, notifications: MirroredNotification[]): Promise<void> {
  return mirror(
    env,
    TOPICS.notifications,
    notifications.map(({ userId, kind, notice }) => ({
      key: userId,
      value: { ...notice, userId, kind, v: MIRROR_VERSION },
    })),
  );
}

/**
 * Erasing a person (DELETE /v1/me): a tombstone (null value) under their key on every topic. A Kafka log
 * cannot be edited; on compacted topics the tombstone removes every earlier record of the key, and
 * outside consumers treat it as "erase this person". Records on delete-retention topics expire with it.
 * How many tombstones went (0 when the mirror is off).
 */
export async function forgetInMirror(env: AppEnv, userId: string): Promise<number> {
  const producer = createProducer(env, configOf(env));
  if (!producer) return 0;
  const topics = Object.values(TOPICS);
  for (const topic of topics) await producer.produce(topic, [{ key: userId, value: null }]);
  return topics.length;
}
