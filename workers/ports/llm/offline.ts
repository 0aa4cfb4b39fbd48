import type { ChatRequest } from "../../../schemas/llm";
import { offlineChat, offlineStructured } from "../../domain/offline-llm";
import { paced, paceTokens, type Wait } from "../../domain/offline-pace";
import type { LlmProvider } from "./types";

// workerd's timer: it does not count as work, so a paced answer holds no CPU while it waits
const schedulerWait: Wait = (ms) => scheduler.wait(ms);

/**
 * The embedded default: deterministic, extractive, always available, labelled offline. Its stream is
 * written at `tokensPerSecond` (OFFLINE_TOKENS_PER_SECOND; 0 = all at once), so it reads like a hosted one.
 */
export class OfflineProvider implements LlmProvider {
  readonly model = "extractive-v1";
  readonly offline = true;
  constructor(
    readonly name = "offline",
    private readonly tokensPerSecond = 0,
    private readonly wait: Wait = schedulerWait,
  ) {}

  async chat(request: ChatRequest): Promise<string> {
    return offlineChat(request.messages);
  }

  stream(request: ChatRequest): AsyncIterable<string> {
    return paced(paceTokens(offlineChat(request.messages)), this.tokensPerSecond, this.wait);
  }

  async structured(jsonSchema: object, request: ChatRequest): Promise<unknown> {
    return offlineStructured(jsonSchema, request.messages);
  }
}
