import type { Config } from "../../../schemas/config";
import type { LlmProviderSpec } from "../../../schemas/llm";
import type { AppEnv } from "../../env";
import { LlmChain, type ChainOptions } from "./chain";
import { OfflineProvider } from "./offline";
import { OpenAiCompatibleProvider } from "./openai-compatible";
import type { Llm, LlmProvider } from "./types";
import { WorkersAiProvider } from "./workers-ai";

export type { Llm, LlmProvider, ChatResult, StreamResult, StructuredResult } from "./types";
export { LlmChain, BreakerRegistry, isolateBreakerRegistry } from "./chain";
export { OfflineProvider } from "./offline";
export { OpenAiCompatibleProvider } from "./openai-compatible";

/**
 * The provider order: `LLM_PROVIDERS` when set; otherwise an OpenAI-compatible endpoint if
 * `OPENAI_BASE_URL` is set, then Workers AI if the `AI` binding exists. The offline provider
 * closes every chain (unless `LLM_OFFLINE_FALLBACK=false`), so the product always answers.
 */
export function providerSpecs(config: Config, env: AppEnv): LlmProviderSpec[] {
  // `priority` (lower first) orders the chain; providers without one keep their listed order
  const specs: LlmProviderSpec[] = config.LLM_PROVIDERS
    ? config.LLM_PROVIDERS.map((s, i) => ({ s, i }))
        .sort(
          (a, b) =>
            ("priority" in a.s ? (a.s.priority ?? 500) : 500) - ("priority" in b.s ? (b.s.priority ?? 500) : 500) ||
            a.i - b.i,
        )
        .map((x) => x.s)
    : [];
  if (!config.LLM_PROVIDERS) {
    if (config.OPENAI_BASE_URL) {
      specs.push({
        kind: "openai",
        name: "openai",
        baseURL: config.OPENAI_BASE_URL,
        apiKey: config.OPENAI_API_KEY ?? "not-needed",
        model: config.OPENAI_MODEL,
      });
    }
    if (env.AI) specs.push({ kind: "workers-ai", name: "workers-ai", model: config.WORKERS_AI_MODEL });
  }
  if (config.LLM_OFFLINE_FALLBACK && !specs.some((s) => s.kind === "offline")) {
    specs.push({ kind: "offline", name: "offline" });
  }
  return specs;
}

/** `offlinePace` is OFFLINE_TOKENS_PER_SECOND: the offline provider's streaming pace (0 = all at once). */
export function createProvider(spec: LlmProviderSpec, env: AppEnv, offlinePace = 0): LlmProvider | undefined {
  switch (spec.kind) {
    case "openai":
      return new OpenAiCompatibleProvider(spec);
    case "workers-ai":
      return env.AI ? new WorkersAiProvider(env.AI, spec.model, spec.name) : undefined;
    case "offline":
      return new OfflineProvider(spec.name, offlinePace);
  }
}

/** Whether the offline provider answers first (no vendor configured, as with `npm run dev` and no keys). */
export function offlineFirst(config: Config, env: AppEnv): boolean {
  const first = providerSpecs(config, env).find((spec) => spec.kind !== "workers-ai" || env.AI);
  return (first?.kind ?? "offline") === "offline";
}

/** One chain per configuration in an isolate: chains keep no state of their own (breakers are per isolate). */
const chains = new WeakMap<Config, Llm>();

/**
 * The configured chain. Without overrides it is built once per configuration and reused: building one
 * constructs every vendor's SDK client, and a coach turn would otherwise hold a fresh one for as long
 * as its answer streams, long enough for the garbage collector to copy and promote it.
 */
export function createLlm(env: AppEnv, config: Config, overrides: Partial<ChainOptions> = {}): Llm {
  if (Object.keys(overrides).length > 0) return buildLlm(env, config, overrides);
  let chain = chains.get(config);
  if (!chain) chains.set(config, (chain = buildLlm(env, config, overrides)));
  return chain;
}

function buildLlm(env: AppEnv, config: Config, overrides: Partial<ChainOptions>): Llm {
  const providers = providerSpecs(config, env)
    .map((spec) => createProvider(spec, env, config.OFFLINE_TOKENS_PER_SECOND))
    .filter((p): p is LlmProvider => p !== undefined);
  if (providers.length === 0) providers.push(new OfflineProvider("offline", config.OFFLINE_TOKENS_PER_SECOND));
  return new LlmChain(providers, {
    timeoutMs: config.LLM_TIMEOUT_MS,
    threshold: config.LLM_BREAKER_THRESHOLD,
    cooldownMs: config.LLM_BREAKER_COOLDOWN_MS,
    ...overrides,
  });
}
