import type { Config } from "../../../schemas/config";
import type { AppEnv } from "../../env";
import { ConfigError } from "../../errors";
import { createCache } from "../cache";
import { CachedEmbedder } from "./cached";
import { HashingEmbedder } from "./hashing";
import { OpenAiEmbedder } from "./openai";
import type { Embedder } from "./types";
import { WorkersAiEmbedder } from "./workers-ai";

export type { Embedder } from "./types";
export { HashingEmbedder } from "./hashing";

export function createEmbedder(env: AppEnv, config: Config): Embedder {
  if (config.EMBEDDINGS_PROVIDER === "hashing") return new HashingEmbedder(config.EMBEDDINGS_DIMENSIONS);
  return new CachedEmbedder(remoteEmbedder(env, config), createCache(env, "emb:"));
}

function remoteEmbedder(env: AppEnv, config: Config): Embedder {
  switch (config.EMBEDDINGS_PROVIDER) {
    case "workers-ai":
      if (!env.AI) throw new ConfigError("EMBEDDINGS_PROVIDER=workers-ai needs the AI binding");
      return new WorkersAiEmbedder(env.AI, config.WORKERS_AI_EMBEDDINGS_MODEL, config.EMBEDDINGS_DIMENSIONS);
    case "openai":
      if (!config.OPENAI_API_KEY) throw new ConfigError("EMBEDDINGS_PROVIDER=openai needs OPENAI_API_KEY");
      return new OpenAiEmbedder(
        { baseURL: config.OPENAI_BASE_URL, apiKey: config.OPENAI_API_KEY },
        config.OPENAI_EMBEDDINGS_MODEL,
        config.EMBEDDINGS_DIMENSIONS,
      );
    default:
      throw new ConfigError(`EMBEDDINGS_PROVIDER=${config.EMBEDDINGS_PROVIDER} is not a remote embedder`);
  }
}
