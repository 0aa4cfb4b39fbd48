import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ConfigSchema } from "../../schemas/config";

describe("configuration", () => {
  it("runs on defaults when no variable is set, as production (fail closed)", () => {
    const config = ConfigSchema.parse({});
    expect(config).toMatchObject({
      ENVIRONMENT: "production",
      EMBEDDINGS_PROVIDER: "hashing",
      VECTOR_INDEX_PROVIDER: "embedded",
      RATE_LIMIT_ENABLED: true,
    });
    expect(config.LLM_PROVIDERS).toBeUndefined();
  });

  it("parses an ordered LLM provider chain from JSON", () => {
    const config = ConfigSchema.parse({
      LLM_PROVIDERS:
        '[{"kind":"openai","name":"ollama","baseURL":"http://localhost:11434/v1","model":"llama3.1"},{"kind":"offline"}]',
    });
    expect(config.LLM_PROVIDERS?.map((p) => p.name)).toEqual(["ollama", "offline"]);
  });

  it.each([
    ["LLM_PROVIDERS", "not json"],
    ["LLM_PROVIDERS", '[{"kind":"openai","name":"x"}]'],
    ["JWT_SECRET", "short"],
    ["EMBEDDINGS_PROVIDER", "magic"],
    ["RATE_LIMIT_ENABLED", "maybe"],
  ])("rejects %s=%s with a message naming the variable", (key, value) => {
    const result = ConfigSchema.safeParse({ [key]: value });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path[0]).toBe(key);
  });

  it("every variable is documented in .dev.vars.example", () => {
    const example = readFileSync(new URL("../../.dev.vars.example", import.meta.url), "utf8");
    const undocumented = Object.keys(ConfigSchema.shape).filter((key) => !example.includes(`${key}=`));
    expect(undocumented).toEqual([]);
  });
});

describe("provider priority", () => {
  it("orders the chain by priority, keeping listed order for ties", async () => {
    const { providerSpecs } = await import("../../workers/ports/llm");
    const config = ConfigSchema.parse({
      LLM_PROVIDERS: JSON.stringify([
        { kind: "openai", name: "b", baseURL: "http://b/v1", model: "m", priority: 20 },
        { kind: "openai", name: "a", baseURL: "http://a/v1", model: "m", priority: 10 },
        { kind: "openai", name: "c", baseURL: "http://c/v1", model: "m" },
      ]),
    });
    expect(providerSpecs(config, {} as never).map((s) => s.name)).toEqual(["a", "b", "c", "offline"]);
  });
});
