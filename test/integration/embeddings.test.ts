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

  it("refuses the OpenAI adapter without a key, naming the variable", () => {
    expect(() => createEmbedder(env, { ...configOf(env), EMBEDDINGS_PROVIDER: "openai" })).toThrow(/OPENAI_API_KEY/);
  });

  it("refuses the Workers AI adapter without the AI binding", () => {
    expect(() => createEmbedder(env, { ...configOf(env), EMBEDDINGS_PROVIDER: "workers-ai" })).toThrow(/AI binding/);
  });
});
