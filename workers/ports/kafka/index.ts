import type { Config } from "../../../schemas/config";
import type { AppEnv } from "../../env";
import { ConfigError } from "../../errors";
import { DEFAULT_RETRY, type KafkaRestTarget, type RetryPolicy } from "./rest";
import { RestV2Producer } from "./rest-v2";
import { RestV3Producer } from "./rest-v3";

export { KafkaRestError } from "./rest";

/** `value: null` is a tombstone: on a compacted topic it removes every earlier record of the key. */
export type KafkaRecord = { key: string; value: unknown };

/** Produces keyed JSON records to a Kafka topic; resolves once the cluster acknowledged every record. */
export interface Producer {
  produce(topic: string, records: KafkaRecord[]): Promise<void>;
}

/**
 * The Kafka REST producer the configuration names (v2: Confluent REST Proxy, Redpanda's HTTP proxy;
 * v3: Confluent Cloud), or null when KAFKA_REST_URL is not set and the mirror is off.
 */
export function createProducer(_env: AppEnv, config: Config, policy: RetryPolicy = DEFAULT_RETRY): Producer | null {
  if (!config.KAFKA_REST_URL) return null;
  if ((config.KAFKA_REST_USERNAME === undefined) !== (config.KAFKA_REST_PASSWORD === undefined)) {
    throw new ConfigError("KAFKA_REST_USERNAME and KAFKA_REST_PASSWORD are set together or not at all");
  }
  const target: KafkaRestTarget = {
    url: config.KAFKA_REST_URL.replace(/\/+$/, ""),
    username: config.KAFKA_REST_USERNAME,
    password: config.KAFKA_REST_PASSWORD,
  };
  if (config.KAFKA_REST_API === "v2") return new RestV2Producer(target, policy);
  if (!config.KAFKA_CLUSTER_ID) throw new ConfigError("KAFKA_REST_API=v3 needs KAFKA_CLUSTER_ID (the lkc-… id)");
  return new RestV3Producer(target, config.KAFKA_CLUSTER_ID, policy);
}
