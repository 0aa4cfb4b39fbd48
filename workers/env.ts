import { ConfigSchema, type Config } from "../schemas/config";
import { ConfigError } from "./errors";

/**
 * Bindings without a local simulator are absent from wrangler.toml by default, so they are not in
 * the generated `Env`; code checks for them and falls back to the embedded adapters.
 */
export type OptionalBindings = {
  AI?: Ai;
  VECTORIZE?: VectorizeIndex;
  HYPERDRIVE?: Hyperdrive;
};
export type AppEnv = Env & OptionalBindings;

const parsed = new WeakMap<object, Config>();

/** Parses and caches the configuration of one `env` object (one per isolate in production). */
export function configOf(env: AppEnv): Config {
  let config = parsed.get(env);
  if (config) return config;
  const result = ConfigSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  }
  config = result.data;
  parsed.set(env, config);
  return config;
}
