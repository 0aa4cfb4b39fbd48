import { ConfigSchema, DEV_JWT_SECRET, type Config } from "../schemas/config";
import { logEvent } from "./log";
import { ConfigError } from "./errors";
import { faultProblem } from "./faults";

/**
 * Bindings without a local simulator are absent from wrangler.toml by default, so they are not in
 * the generated `Env`; code checks for them and falls back to the embedded adapters.
 */
export type OptionalBindings = {
  AI?: Ai;
  VECTORIZE?: Vectorize;
  HYPERDRIVE?: Hyperdrive;
};
export type AppEnv = Env & OptionalBindings;

const parsed = new WeakMap<object, Config>();
// One log line per refused `env` (one per isolate when deployed), not one per request.
const reported = new WeakSet<object>();

/**
 * Why production cannot serve with this identity configuration, or undefined. Production fails
 * closed: it has no development secret to fall back on, so it needs a key to verify tokens with,
 * and the development secret (public in this repository) is refused even when set explicitly.
 */
function identityProblem(config: Config): { detail: string; fields: Record<string, unknown> } | undefined {
  if (config.ENVIRONMENT !== "production") return undefined;
  if (config.JWT_SECRET === DEV_JWT_SECRET) {
    return {
      detail: "JWT_SECRET is the public development secret; set a secret of your own (wrangler secret put JWT_SECRET)",
      fields: { invalid: "JWT_SECRET" },
    };
  }
  if (!config.JWT_SECRET && !config.JWKS_URL) {
    return {
      detail:
        "production needs JWT_SECRET (wrangler secret put JWT_SECRET) or JWKS_URL to verify tokens; neither is set",
      fields: { missing: ["JWT_SECRET", "JWKS_URL"] },
    };
  }
  return undefined;
}

function refuse(env: object, detail: string, fields: Record<string, unknown> = {}): never {
  if (!reported.has(env)) {
    reported.add(env);
    logEvent("error", "configuration refused: every request answers 503 until it is fixed", { detail, ...fields });
  }
  throw new ConfigError(detail);
}

/**
 * Parses and caches the configuration of one `env` object (one per isolate in production). An
 * invalid configuration throws `ConfigError` (503 problem+json) on every call, so a misconfigured
 * deploy refuses all work instead of running on unsafe defaults.
 */
export function configOf(env: AppEnv): Config {
  let config = parsed.get(env);
  if (config) return config;
  const result = ConfigSchema.safeParse(env);
  if (!result.success) {
    refuse(env, result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  }
  config = result.data;
  const problem = identityProblem(config) ?? faultProblem(config);
  if (problem) refuse(env, problem.detail, problem.fields);
  parsed.set(env, config);
  return config;
}
