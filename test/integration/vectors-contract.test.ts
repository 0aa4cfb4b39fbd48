import { env } from "cloudflare:workers";
import { inject } from "vitest";
import type { Config } from "../../schemas/config";
import type { VectorRecord } from "../../schemas/vectors";
import { configOf } from "../../workers/env";
import { createVectorIndex } from "../../workers/ports/vectors";
import { VectorizeIndex } from "../../workers/ports/vectors/vectorize";
import { vectorIndexContract } from "../helpers/contracts/vectors";
import { VectorizeStandIn } from "../helpers/vectorize-standin";

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

/**
 * Vectorize applies writes asynchronously (each answers with a mutation id and is queryable seconds
 * later), so this run lets every write land before the contract reads; what a read sees before then,
 * and why the user's own recommendations do not depend on it, is tested in vectorize-adapter.test.ts.
 */
const vectorize = new VectorizeStandIn({ dimensions: 8 });
vectorIndexContract("Vectorize (stand-in for the binding, writes applied before each read)", {
  make: () => {
    const index = new VectorizeIndex(vectorize.binding);
    return Object.assign(Object.create(index) as VectorizeIndex, {
      upsert: async (ns: string, records: VectorRecord[]) => settle(await index.upsert(ns, records)),
      delete: async (ns: string, ids: string[]) => settle(await index.delete(ns, ids)),
    });
  },
});
function settle<T>(result: T): T {
  vectorize.applyPending();
  return result;
}
