import { env } from "cloudflare:workers";
import { inject } from "vitest";
import type { Config } from "../../schemas/config";
import { configOf } from "../../workers/env";
import { createVectorIndex } from "../../workers/ports/vectors";
import { vectorIndexContract } from "../helpers/contracts/vectors";

// nothing listens on port 1: connections are refused at once
const NOBODY = "http://127.0.0.1:1";

const withConfig = (overrides: Partial<Config>) => () => createVectorIndex(env, { ...configOf(env), ...overrides });

vectorIndexContract("embedded (the default)", { make: withConfig({}) });

const elasticsearch = (url: string, apiKey: string) =>
  withConfig({ VECTOR_INDEX_PROVIDER: "elasticsearch", ELASTICSEARCH_URL: url, ELASTICSEARCH_API_KEY: apiKey });
vectorIndexContract("Elasticsearch (local server speaking its REST API)", {
  make: elasticsearch(inject("elasticsearchUrl"), inject("elasticsearchApiKey")),
  refused: elasticsearch(inject("elasticsearchUrl"), "not-the-key"),
  down: elasticsearch(NOBODY, "any"),
});

const upstash = (url: string, token: string) =>
  withConfig({ VECTOR_INDEX_PROVIDER: "upstash", UPSTASH_VECTOR_REST_URL: url, UPSTASH_VECTOR_REST_TOKEN: token });
vectorIndexContract("Upstash Vector (local server speaking its REST API)", {
  make: upstash(inject("upstashVectorUrl"), inject("upstashVectorToken")),
  refused: upstash(inject("upstashVectorUrl"), "not-the-token"),
  down: upstash(NOBODY, "any"),
});
