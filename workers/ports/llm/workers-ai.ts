import { z } from "zod";
import type { ChatRequest } from "../../../schemas/llm";
import { sseDataUntilDone } from "./sse-data";
import type { CallOptions, LlmProvider } from "./types";

const ResponseSchema = z.object({ response: z.string() });
const ChunkSchema = z.object({ response: z.string().optional() });

/** Workers AI through the `AI` binding. There is no local simulator: used only when bound. */
export class WorkersAiProvider implements LlmProvider {
  readonly offline = false;
  constructor(
    private readonly ai: Ai,
    readonly model: string,
    readonly name = "workers-ai",
  ) {}

  async chat(request: ChatRequest, { signal }: CallOptions): Promise<string> {
    const out = await this.run({ ...this.input(request), stream: false }, signal);
    return ResponseSchema.parse(out).response;
  }

  async *stream(request: ChatRequest, { signal }: CallOptions): AsyncIterable<string> {
    const body = await this.run({ ...this.input(request), stream: true }, signal);
    if (!(body instanceof ReadableStream)) throw new Error("Workers AI did not return a stream");
    for await (const data of sseDataUntilDone(body)) {
      if (!data.trim()) continue;
      const text = ChunkSchema.parse(JSON.parse(data)).response;
      if (text) yield text;
    }
  }

  private input(request: ChatRequest) {
    return { messages: request.messages, temperature: request.temperature, max_tokens: request.maxTokens };
  }

  private async run(input: object, signal: AbortSignal): Promise<unknown> {
    const run = this.ai.run as (model: string, input: object, options?: object) => Promise<unknown>;
    return await Promise.race([
      run.call(this.ai, this.model, input),
      new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason), { once: true })),
    ]);
  }
}
