/**
 * A STAND-IN for the Workers AI binding (`env.AI.run(model, inputs)`). Workers AI has no local
 * simulator (`wrangler dev` sends AI calls to Cloudflare's account), so this object keeps the
 * documented input and output shapes of the models Edge Coach uses (developers.cloudflare.com/
 * workers-ai/models): text embeddings take `{ text: string | string[] }` and answer `{ shape, data }`;
 * text generation takes `{ messages, stream?, max_tokens?, temperature? }` and answers `{ response }`
 * or, with `stream: true`, a byte stream of server-sent events `data: {"response": …}` ending in
 * `data: [DONE]`. Failures are thrown as the binding throws them: an Error whose message starts
 * with the Workers AI error code (5006 invalid input, 5007 no such model).
 */

/** Dimensions of the embedding models as published. */
const EMBEDDING_MODELS: Record<string, number> = {
  "@cf/baai/bge-m3": 1024,
  "@cf/baai/bge-small-en-v1.5": 384,
  "@cf/baai/bge-base-en-v1.5": 768,
};
const TEXT_MODELS = new Set(["@cf/meta/llama-3.1-8b-instruct", "@cf/meta/llama-3.3-70b-instruct-fp8-fast"]);
const ROLES = new Set(["system", "user", "assistant", "tool"]);

const invalid = (why: string) => new Error(`5006: Error: ${why}`);

/**
 * A deterministic, unnormalised vector for a text: each UTF-16 code unit adds its code to a few
 * dimensions, so different texts (Hangul included) give different vectors, and adapters must normalise.
 */
function embed(text: string, dims: number): number[] {
  const v = new Array<number>(dims).fill(0);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    v[(c * 31 + i) % dims]! += c / 100;
    v[(c * 7) % dims]! += 1;
  }
  return v;
}

export type WorkersAiStandInOptions = {
  /** The reply of the text-generation models to a conversation. */
  reply?: (messages: { role: string; content: string }[]) => string;
  /** Bytes per chunk of a streamed reply (small values split characters and events across chunks). */
  chunkBytes?: number;
  /** A slow model: calls answer only once this settles. */
  until?: Promise<unknown>;
};

export class WorkersAiStandIn {
  /** Every call as received, so tests can check what an adapter sent. */
  readonly calls: { model: string; inputs: Record<string, unknown> }[] = [];

  constructor(private readonly options: WorkersAiStandInOptions = {}) {}

  /** The binding as a Worker sees it. */
  get binding(): Ai {
    return this as unknown as Ai;
  }

  async run(model: string, inputs: Record<string, unknown>): Promise<unknown> {
    this.calls.push({ model, inputs: structuredClone(inputs) });
    await this.options.until;
    const dims = EMBEDDING_MODELS[model];
    if (dims !== undefined) return this.embeddings(inputs, dims);
    if (TEXT_MODELS.has(model)) return this.generate(inputs);
    throw new Error(`5007: No such model ${model} or task`);
  }

  private embeddings(inputs: Record<string, unknown>, dims: number) {
    const text = inputs.text;
    const texts = typeof text === "string" ? [text] : text;
    if (!Array.isArray(texts) || texts.length === 0 || texts.some((t) => typeof t !== "string" || t === "")) {
      throw invalid("oneOf at '/' not all constraints satisfied");
    }
    if (texts.length > 100) throw invalid("/text: must NOT have more than 100 items");
    return { shape: [texts.length, dims], data: texts.map((t: string) => embed(t, dims)), pooling: "cls" };
  }

  private generate(inputs: Record<string, unknown>) {
    const messages = inputs.messages;
    if (
      !Array.isArray(messages) ||
      messages.length === 0 ||
      messages.some((m) => !ROLES.has(m?.role) || typeof m?.content !== "string")
    ) {
      throw invalid("oneOf at '/' not all constraints satisfied");
    }
    for (const key of ["max_tokens", "temperature"]) {
      if (inputs[key] !== undefined && typeof inputs[key] !== "number") throw invalid(`/${key}: must be number`);
    }
    const reply = (this.options.reply ?? ((m) => `echo: ${m.at(-1)!.content}`))(messages);
    if (!inputs.stream) return { response: reply, usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } };
    const events = [
      ...[...reply].map((ch) => `data: ${JSON.stringify({ response: ch, p: "abc" })}\n\n`),
      "data: [DONE]\n\n",
    ];
    const bytes = new TextEncoder().encode(events.join(""));
    const size = this.options.chunkBytes ?? 16;
    let at = 0;
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        if (at >= bytes.length) return controller.close();
        controller.enqueue(bytes.slice(at, at + size));
        at += size;
      },
    });
  }
}
