import { z } from "zod";
import { l2normalize } from "../../domain/hashing-embedder";
import { ConfigError } from "../../errors";
import type { Embedder } from "./types";

const BATCH = 100;
const OutputSchema = z.object({ data: z.array(z.array(z.number())) });

/** Workers AI embedding models (bge-m3 covers Korean and English). Needs the `AI` binding. */
export class WorkersAiEmbedder implements Embedder {
  readonly name = "workers-ai";
  constructor(
    private readonly ai: Ai,
    readonly model: string,
    readonly dimensions: number,
  ) {}
  /** The model refuses an empty list and more than 100 texts a call, so those never reach it. */
  async embed(texts: string[]): Promise<number[][]> {
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += BATCH) out.push(...(await this.embedBatch(texts.slice(i, i + BATCH))));
    return out;
  }

  private async embedBatch(texts: string[]): Promise<number[][]> {
    const run = this.ai.run as (model: string, input: object) => Promise<unknown>;
    const out = OutputSchema.parse(await run.call(this.ai, this.model, { text: texts }));
    // the model fixes the dimension (bge-m3 gives 1024): a mismatch would corrupt the vector index
    const wrong = out.data.find((v) => v.length !== this.dimensions);
    if (wrong) {
      throw new ConfigError(
        `${this.model} returns ${wrong.length}-dimension vectors but EMBEDDINGS_DIMENSIONS is ${this.dimensions}`,
      );
    }
    if (out.data.length !== texts.length) {
      throw new Error(`${this.model} returned ${out.data.length} vectors for ${texts.length} texts`);
    }
    return out.data.map(l2normalize);
  }
}
