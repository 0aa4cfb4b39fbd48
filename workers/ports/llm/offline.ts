import type { ChatRequest } from "../../../schemas/llm";
import { offlineChat, offlineStructured, tokenize } from "../../domain/offline-llm";
import type { LlmProvider } from "./types";

/** The embedded default: deterministic, extractive, always available, labelled offline. */
export class OfflineProvider implements LlmProvider {
  readonly model = "extractive-v1";
  readonly offline = true;
  constructor(readonly name = "offline") {}

  async chat(request: ChatRequest): Promise<string> {
    return offlineChat(request.messages);
  }

  async *stream(request: ChatRequest): AsyncIterable<string> {
    for (const token of tokenize(offlineChat(request.messages))) yield token;
  }

  async structured(jsonSchema: object, request: ChatRequest): Promise<unknown> {
    return offlineStructured(jsonSchema, request.messages);
  }
}
