import { env } from "cloudflare:workers";
import { inject } from "vitest";
import { configOf } from "../../workers/env";
import { createProducer, type Producer } from "../../workers/ports/kafka";
import type { ReceivedRequest } from "./kafka-rest-server";

/** The Kafka REST test server's control endpoints (see kafka-rest-server.ts). */
export const kafkaServer = {
  async createTopic(name: string) {
    await control("/_test/topics", { name });
    return name;
  },
  failNext: (topic: string, failure: { count: number; status: number; retryAfter?: number; inRecord?: boolean }) =>
    control("/_test/fail", { topic, ...failure }),
  async requests(topic: string): Promise<ReceivedRequest[]> {
    const res = await fetch(`${inject("kafkaRest").url}/_test/requests?topic=${encodeURIComponent(topic)}`);
    return (await res.json()) as ReceivedRequest[];
  },
};

async function control(path: string, body: unknown) {
  const res = await fetch(`${inject("kafkaRest").url}${path}`, { method: "POST", body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`kafka test server: ${path} answered ${res.status}`);
}

export type KafkaApi = "v2" | "v3";

/** The Worker's env pointed at the test server through the named API, as an operator would configure it. */
export function kafkaEnv(api: KafkaApi, overrides: Record<string, string> = {}): typeof env {
  const server = inject("kafkaRest");
  return {
    ...env,
    KAFKA_REST_URL: server.url,
    KAFKA_REST_API: api,
    KAFKA_CLUSTER_ID: server.clusterId,
    KAFKA_REST_USERNAME: server.username,
    KAFKA_REST_PASSWORD: server.password,
    ...overrides,
  } as typeof env;
}

export function producerFor(api: KafkaApi, overrides: Record<string, string> = {}): Producer {
  const target = kafkaEnv(api, overrides);
  const producer = createProducer(target, configOf(target));
  if (!producer) throw new Error("KAFKA_REST_URL is set, so there must be a producer");
  return producer;
}
