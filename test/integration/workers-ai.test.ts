import { describe, expect, it } from "vitest";
import { WorkersAiEmbedder } from "../../workers/ports/embeddings/workers-ai";
import { WorkersAiProvider } from "../../workers/ports/llm/workers-ai";
import { WorkersAiStandIn } from "../helpers/workers-ai-standin";

// Workers AI has no local simulator: both adapters run here against WorkersAiStandIn, a stand-in
// that keeps the binding's documented input and output shapes and its errors.

const norm = (v: number[]) => Math.hypot(...v);
const signal = () => new AbortController().signal;
const ask = (content: string) => ({ messages: [{ role: "user" as const, content }] });

describe("the Workers AI embedder (stand-in binding, @cf/baai/bge-m3)", () => {
  it("sends the texts as `text`, keeps their order and normalises the vectors, Hangul included", async () => {
    const ai = new WorkersAiStandIn();
    const embedder = new WorkersAiEmbedder(ai.binding, "@cf/baai/bge-m3", 1024);
    const [a, b] = await embedder.embed(["회의 준비", "meeting prep"]);
    expect(ai.calls).toEqual([{ model: "@cf/baai/bge-m3", inputs: { text: ["회의 준비", "meeting prep"] } }]);
    expect([a!.length, b!.length]).toEqual([1024, 1024]);
    expect([norm(a!), norm(b!)].map((n) => n.toFixed(9))).toEqual(["1.000000000", "1.000000000"]);
    expect(a).toEqual((await embedder.embed(["회의 준비"]))[0]);
    expect(a).not.toEqual(b);
  });

  it("splits more than 100 texts into calls the model accepts, and asks nothing for no texts", async () => {
    const ai = new WorkersAiStandIn();
    const embedder = new WorkersAiEmbedder(ai.binding, "@cf/baai/bge-m3", 1024);
    const texts = Array.from({ length: 230 }, (_, i) => `문장 ${i}`);
    const vectors = await embedder.embed(texts);
    expect(vectors).toHaveLength(230);
    expect(vectors[229]).toEqual((await embedder.embed(["문장 229"]))[0]);
    expect(ai.calls.slice(0, 3).map((c) => (c.inputs.text as string[]).length)).toEqual([100, 100, 30]);
    expect(await embedder.embed([])).toEqual([]);
    expect(ai.calls).toHaveLength(4);
  });

  it("refuses, naming EMBEDDINGS_DIMENSIONS, a model whose vectors have another dimension", async () => {
    const embedder = new WorkersAiEmbedder(new WorkersAiStandIn().binding, "@cf/baai/bge-m3", 384);
    await expect(embedder.embed(["회의"])).rejects.toThrow(/1024-dimension.*EMBEDDINGS_DIMENSIONS is 384/);
  });

  it("passes on the binding's error for a model that does not exist", async () => {
    const embedder = new WorkersAiEmbedder(new WorkersAiStandIn().binding, "@cf/baai/bge-none", 1024);
    await expect(embedder.embed(["회의"])).rejects.toThrow(/5007: No such model/);
  });
});

describe("the Workers AI chat provider (stand-in binding, @cf/meta/llama-3.1-8b-instruct)", () => {
  const model = "@cf/meta/llama-3.1-8b-instruct";

  it("sends messages with max_tokens and temperature and returns the response, Hangul included", async () => {
    const ai = new WorkersAiStandIn({ reply: (m) => `답: ${m.at(-1)!.content}` });
    const provider = new WorkersAiProvider(ai.binding, model);
    const text = await provider.chat(
      { ...ask("회의를 어떻게 준비할까요?"), maxTokens: 64, temperature: 0.2 },
      { signal: signal() },
    );
    expect(text).toBe("답: 회의를 어떻게 준비할까요?");
    expect(ai.calls[0]).toEqual({
      model,
      inputs: { ...ask("회의를 어떻게 준비할까요?"), max_tokens: 64, temperature: 0.2, stream: false },
    });
  });

  it("streams the reply as it comes, even when a chunk ends inside a Hangul character", async () => {
    const reply = "좋은 질문이에요. Let's 시작!";
    const ai = new WorkersAiStandIn({ reply: () => reply, chunkBytes: 7 });
    const provider = new WorkersAiProvider(ai.binding, model);
    const tokens: string[] = [];
    for await (const t of provider.stream(ask("안녕"), { signal: signal() })) tokens.push(t);
    expect(tokens.join("")).toBe(reply);
    expect(tokens.length).toBe([...reply].length);
    expect(ai.calls[0]!.inputs.stream).toBe(true);
  });

  it("passes on the binding's error for input the model refuses", async () => {
    const provider = new WorkersAiProvider(new WorkersAiStandIn().binding, model);
    await expect(provider.chat({ messages: [] }, { signal: signal() })).rejects.toThrow(/5006: Error/);
  });

  it("gives up when the caller aborts, with the caller's reason", async () => {
    const never = new Promise<never>(() => {});
    const ai = new WorkersAiStandIn({ until: never });
    const controller = new AbortController();
    const pending = new WorkersAiProvider(ai.binding, model).chat(ask("느린 답"), { signal: controller.signal });
    controller.abort(new Error("deadline passed"));
    await expect(pending).rejects.toThrow("deadline passed");
    expect(ai.calls).toHaveLength(1);
  });
});
