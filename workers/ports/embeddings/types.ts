/** Turns texts into fixed-length vectors. Every adapter returns L2-normalised vectors. */
export interface Embedder {
  readonly name: string;
  readonly model: string;
  readonly dimensions: number;
  embed(texts: string[]): Promise<number[][]>;
}
