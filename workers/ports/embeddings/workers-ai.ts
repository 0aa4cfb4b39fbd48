import { z } from "zod";
import { l2normalize } from "../../domain/hashing-embedder";
import type { Embedder } from "./types";

const OutputSchema = z.object({ data: z.array(z.array(z.number())) });

/** Workers AI embedding models (bge-m3 covers Korean and English). Needs the `AI` binding. */
export class WorkersAiEmbedder implements Embedder {
  readonly name = "workers-ai";
  constructor(
    private readonly ai: Ai,
    readonly model: string,
    readonly dimensions: number,
  ) {}
  async embed(texts: string[]): Promise<number[][]> {
    const run = this.ai.run as (model: string, input: object) => Promise<unknown>;
    const out = OutputSchema.parse(await run.call(this.ai, this.model, { text: texts }));
    return out.data.map(l2normalize);
  }
}
