import type { ChatRequest, LlmAttempt } from "../../../schemas/llm";

export type CallOptions = { signal: AbortSignal };

/** One model behind one API. Adapters throw on any failure; the chain decides what happens next. */
export interface LlmProvider {
  readonly name: string;
  readonly model: string;
  readonly offline: boolean;
  chat(request: ChatRequest, options: CallOptions): Promise<string>;
  stream(request: ChatRequest, options: CallOptions): AsyncIterable<string>;
  /** Providers that can honour a JSON Schema natively (the offline one) implement this. */
  structured?(jsonSchema: object, request: ChatRequest): Promise<unknown>;
}

export type Answer = {
  provider: string;
  model: string;
  offline: boolean;
  attempts: LlmAttempt[];
};
export type ChatResult = Answer & { text: string };
export type StreamResult = Answer & { tokens: AsyncIterable<string> };
export type StructuredResult<T> = Answer & { value: T; repaired: boolean };

/** What product code depends on; `createLlm(env)` returns the configured chain. */
export interface Llm {
  chat(request: ChatRequest): Promise<ChatResult>;
  stream(request: ChatRequest): Promise<StreamResult>;
  structured<T>(schema: import("zod").ZodType<T>, request: ChatRequest): Promise<StructuredResult<T>>;
}
