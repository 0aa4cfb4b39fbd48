import { hashEmbed } from "../../domain/hashing-embedder";
import type { Embedder } from "./types";

export class HashingEmbedder implements Embedder {
  readonly name = "hashing";
  readonly model: string;
  constructor(readonly dimensions = 384) {
    this.model = `feature-hashing-v2-${dimensions}`;
  }
  async embed(texts: string[]): Promise<number[][]> {
    return texts.map((t) => hashEmbed(t, { dimensions: this.dimensions }));
  }
}
