import { env } from "cloudflare:workers";
import { describe, expect, inject, it } from "vitest";
import { configOf } from "../../workers/env";
import { createEmbedder } from "../../workers/ports/embeddings";
import { OpenAiEmbedder } from "../../workers/ports/embeddings/openai";

const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

describe("embeddings port", () => {
  it("defaults to the 384-dimension hashing embedder", async () => {
    const embedder = createEmbedder(env, configOf(env));
    expect([embedder.name, embedder.dimensions]).toEqual(["hashing", 384]);
    const [v] = await embedder.embed(["회의 준비"]);
    expect(v).toHaveLength(384);
    expect(norm(v!)).toBeCloseTo(1, 9);
  });

  it("the OpenAI adapter speaks the embeddings protocol, keeps input order and normalises", async () => {
    const embedder = new OpenAiEmbedder({ baseURL: `${inject("vendorUrl")}/ok/v1`, apiKey: "test" }, "fake-embed", 16);
    const [a, b] = await embedder.embed(["alpha", "베타"]);
    expect(a).toHaveLength(16);
    expect(norm(a!)).toBeCloseTo(1, 6);
    expect(a![0]).toBeCloseTo(
      "a".charCodeAt(0) / norm(Array.from({ length: 16 }, (_, i) => "alpha".charCodeAt(i % 5) * (i + 1))),
      5,
    );
    expect(b).not.toEqual(a);
  });

  it("asks a remote model only for texts it has not embedded before", async () => {
    const vendor = inject("vendorUrl");
    const stats = async () => (await (await fetch(`${vendor}/stats`)).json()) as Record<string, number>;
    const embedder = createEmbedder(env, {
      ...configOf(env),
      EMBEDDINGS_PROVIDER: "openai",
      OPENAI_BASE_URL: `${vendor}/ok/v1`,
      OPENAI_API_KEY: "test",
      OPENAI_EMBEDDINGS_MODEL: `cache-test-${crypto.randomUUID()}`,
      EMBEDDINGS_DIMENSIONS: 16,
    });
    const before = await stats();
    const first = await embedder.embed(["리더십 코칭", "feedback"]);
    const again = await embedder.embed(["feedback", "리더십 코칭", "새 질문"]);
    const after = await stats();
    expect(again).toEqual([first[1], first[0], expect.any(Array)]);
    expect(again[2]).toHaveLength(16);
    expect((after.embeddings ?? 0) - (before.embeddings ?? 0)).toBe(2);
    expect((after.embeddedTexts ?? 0) - (before.embeddedTexts ?? 0)).toBe(3);
  });

  it("refuses the OpenAI adapter without a key, naming the variable", () => {
    expect(() => createEmbedder(env, { ...configOf(env), EMBEDDINGS_PROVIDER: "openai" })).toThrow(/OPENAI_API_KEY/);
  });

  it("refuses the Workers AI adapter without the AI binding", () => {
    expect(() => createEmbedder(env, { ...configOf(env), EMBEDDINGS_PROVIDER: "workers-ai" })).toThrow(/AI binding/);
  });
});
