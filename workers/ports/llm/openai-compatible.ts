import OpenAI from "openai";
import type { ChatRequest } from "../../../schemas/llm";
import { sseDataUntilDone } from "./sse-data";
import type { CallOptions, LlmProvider } from "./types";

export type OpenAiCompatibleOptions = { name: string; baseURL: string; apiKey: string; model: string };

/**
 * Any endpoint that speaks OpenAI chat completions: OpenAI, Gemini's OpenAI endpoint, Ollama,
 * LM Studio, vLLM. Retries are off because the chain owns retry and fallback.
 */
export class OpenAiCompatibleProvider implements LlmProvider {
  readonly offline = false;
  readonly name: string;
  readonly model: string;
  private readonly client: OpenAI;

  constructor(options: OpenAiCompatibleOptions) {
    this.name = options.name;
    this.model = options.model;
    this.client = new OpenAI({ baseURL: options.baseURL, apiKey: options.apiKey, maxRetries: 0 });
  }

  async chat(request: ChatRequest, { signal }: CallOptions): Promise<string> {
    const completion = await this.client.chat.completions.create(
      {
        model: this.model,
        messages: request.messages,
        temperature: request.temperature,
        max_tokens: request.maxTokens,
      },
      { signal },
    );
    const text = completion.choices[0]?.message?.content;
    if (typeof text !== "string") throw new Error(`${this.name} returned no message content`);
    return text;
  }

  /**
   * The request goes out through the SDK (URL, auth, headers, status errors); the SSE body is read
   * by `sseData` rather than the SDK's stream parser, which was the largest CPU cost per token.
   */
  async *stream(request: ChatRequest, { signal }: CallOptions): AsyncIterable<string> {
    const response = await this.client.chat.completions
      .create(
        {
          model: this.model,
          messages: request.messages,
          temperature: request.temperature,
          max_tokens: request.maxTokens,
          stream: true,
        },
        { signal },
      )
      .asResponse();
    if (!response.body) throw new Error(`${this.name} returned an empty stream`);
    for await (const data of sseDataUntilDone(response.body)) {
      const chunk = JSON.parse(data) as StreamChunk;
      if (chunk.error)
        throw new Error(`${this.name} stream failed: ${chunk.error.message ?? JSON.stringify(chunk.error)}`);
      const text = chunk.choices?.[0]?.delta?.content;
      if (text) yield text;
    }
  }
}

/** The part of a chat-completions stream chunk the adapter reads (vendors add fields freely). */
type StreamChunk = {
  choices?: { delta?: { content?: string | null } }[];
  error?: { message?: string };
};
