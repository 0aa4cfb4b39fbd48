import type { LoggedEvent } from "../../../schemas/events";
import type { Config } from "../../../schemas/config";
import type { AppEnv } from "../../env";
import { ElasticsearchBehaviourIndex } from "./elasticsearch";

/** A searchable copy of accepted user actions, for analysts and dashboards outside the Worker. */
export interface BehaviourIndex {
  /** Idempotent: an event indexed again (a queue replay) overwrites its own document. */
  index(events: LoggedEvent[]): Promise<void>;
  /** Erasing a person (DELETE /v1/me): removes every document of theirs; how many went. */
  forget(userId: string): Promise<number>;
}

/** The behaviour index when Elasticsearch is configured (ELASTICSEARCH_URL); null otherwise. */
export function createBehaviourIndex(_env: AppEnv, config: Config): BehaviourIndex | null {
  if (!config.ELASTICSEARCH_URL) return null;
  return new ElasticsearchBehaviourIndex(
    { url: config.ELASTICSEARCH_URL, apiKey: config.ELASTICSEARCH_API_KEY },
    `${config.ELASTICSEARCH_INDEX_PREFIX}-user-actions`,
  );
}
