import type { Config } from "../../../schemas/config";
import type { AppEnv } from "../../env";
import { ConfigError } from "../../errors";
import { EmbeddedVectorIndex } from "./embedded";
import type { VectorIndex } from "./types";
import { VectorizeIndex } from "./vectorize";

export type { VectorIndex } from "./types";

export function createVectorIndex(env: AppEnv, config: Config): VectorIndex {
  switch (config.VECTOR_INDEX_PROVIDER) {
    case "embedded":
      return new EmbeddedVectorIndex(env);
    case "vectorize":
      if (!env.VECTORIZE) throw new ConfigError("VECTOR_INDEX_PROVIDER=vectorize needs the VECTORIZE binding");
      return new VectorizeIndex(env.VECTORIZE);
    case "elasticsearch":
    case "upstash":
      // adapters arrive with #18 (workers/ports/vectors/elasticsearch.ts, upstash.ts)
      throw new ConfigError(`VECTOR_INDEX_PROVIDER=${config.VECTOR_INDEX_PROVIDER} is not available yet`);
  }
}
