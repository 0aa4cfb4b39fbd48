import type { Config } from "../../../schemas/config";
import { KNOWLEDGE_NAMESPACE } from "../../../schemas/vectors";
import type { AppEnv } from "../../env";
import { ConfigError } from "../../errors";
import { ElasticsearchVectorIndex } from "./elasticsearch";
import { EmbeddedVectorIndex } from "./embedded";
import type { VectorIndex } from "./types";
import { UpstashVectorIndex } from "./upstash";
import { VectorizeIndex } from "./vectorize";

export type { VectorIndex } from "./types";

/** Namespaces the embedded index answers from a copy in the isolate (small, read-mostly; see replica.ts). */
const REPLICATED: ReadonlySet<string> = new Set([KNOWLEDGE_NAMESPACE]);

export function createVectorIndex(env: AppEnv, config: Config): VectorIndex {
  switch (config.VECTOR_INDEX_PROVIDER) {
    case "embedded":
      return new EmbeddedVectorIndex(env, REPLICATED);
    case "vectorize":
      if (!env.VECTORIZE) throw new ConfigError("VECTOR_INDEX_PROVIDER=vectorize needs the VECTORIZE binding");
      return new VectorizeIndex(env.VECTORIZE);
    case "elasticsearch":
      if (!config.ELASTICSEARCH_URL) {
        throw new ConfigError("VECTOR_INDEX_PROVIDER=elasticsearch needs ELASTICSEARCH_URL");
      }
      return new ElasticsearchVectorIndex(
        { url: config.ELASTICSEARCH_URL, apiKey: config.ELASTICSEARCH_API_KEY },
        config.ELASTICSEARCH_INDEX_PREFIX,
      );
    case "upstash":
      if (!config.UPSTASH_VECTOR_REST_URL || !config.UPSTASH_VECTOR_REST_TOKEN) {
        throw new ConfigError(
          "VECTOR_INDEX_PROVIDER=upstash needs UPSTASH_VECTOR_REST_URL and UPSTASH_VECTOR_REST_TOKEN",
        );
      }
      return new UpstashVectorIndex({ url: config.UPSTASH_VECTOR_REST_URL, token: config.UPSTASH_VECTOR_REST_TOKEN });
  }
}
