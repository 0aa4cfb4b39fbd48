import type { TestProject } from "vitest/node";
import { KAFKA_PASSWORD, KAFKA_USER, startKafkaRestServer } from "./kafka-rest-server";

declare module "vitest" {
  export interface ProvidedContext {
    kafkaRest: { url: string; clusterId: string; username: string; password: string };
  }
}

/** Starts the strict Kafka REST server (both produce APIs) the Kafka mirror's tests produce to (issue #18). */
export default async function setup(project: TestProject) {
  const server = await startKafkaRestServer();
  project.provide("kafkaRest", {
    url: server.url,
    clusterId: server.clusterId,
    username: KAFKA_USER,
    password: KAFKA_PASSWORD,
  });
  return () => server.close();
}
