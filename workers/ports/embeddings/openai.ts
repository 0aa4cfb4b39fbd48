import OpenAI from "openai";
import { l2normalize } from "../../domain/hashing-embedder";
import type { Embedder } from "./types";

export class OpenAiEmbedder implements Embedder {
  readonly name = "openai";
  private readonly client: OpenAI;
  constructor(
    options: { baseURL?: string; apiKey: string },
    readonly model: string,
    readonly dimensions: number,
  ) {
    this.client = new OpenAI({ ...options, maxRetries: 1 });
  }
  async embed(texts: string[]): Promise<number[][]> {
    const res = await this.client.embeddings.create({ model: this.model, input: texts, dimensions: this.dimensions });
    return res.data.sort((a, b) => a.index - b.index).map((d) => l2normalize(d.embedding));
  }
}
