import type { TestProject } from "vitest/node";
import { startFakeElasticsearch } from "./fake-elasticsearch";
import { startFakeUpstashVector } from "./fake-upstash-vector";

declare module "vitest" {
  export interface ProvidedContext {
    elasticsearchUrl: string;
    elasticsearchApiKey: string;
    upstashVectorUrl: string;
    upstashVectorToken: string;
    upstashVectorDimension: number;
  }
}

/** Global setup for the search adapter tests (issue #18): the fake Elasticsearch and Upstash Vector. */
export default async function setup(project: TestProject) {
  const [elasticsearch, upstash] = await Promise.all([startFakeElasticsearch(), startFakeUpstashVector(8)]);
  project.provide("elasticsearchUrl", elasticsearch.url);
  project.provide("elasticsearchApiKey", elasticsearch.apiKey);
  project.provide("upstashVectorUrl", upstash.url);
  project.provide("upstashVectorToken", upstash.token);
  project.provide("upstashVectorDimension", upstash.dimension);
  return async () => {
    await Promise.all([elasticsearch.close(), upstash.close()]);
  };
}
