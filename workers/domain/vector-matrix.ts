import {
  VectorQuerySchema,
  type VectorFilter,
  type VectorMatch,
  type VectorMetadata,
  type VectorQuery,
} from "../../schemas/vectors";
import { matchesFilter, norm } from "./knn";

type Kernel = {
  memory: WebAssembly.Memory;
  dots(rows: number, n: number, stride: number, query: number, out: number): void;
};

/** Rows are padded to a multiple of this many floats: the kernel's inner loop takes 16 at a time. */
const BLOCK = 16;
const MIN_CAPACITY = 256;
const PAGE = 65_536;

export type TopKOptions = { filter?: VectorFilter; exclude?: ReadonlySet<string> };

/**
 * Vectors as the rows of one float32 matrix in WebAssembly memory, scored against a query by the
 * SIMD kernel in knn.wat (about ten times the speed of the same loop in JavaScript), then ranked
 * here: exact cosine top-k, ties broken by id. Scores are float32 sums, as in Vectorize.
 *
 * Memory layout: the rows from byte 0 (capacity × stride floats), then the query (stride floats),
 * then one score per row. Growing the capacity keeps the rows in place; the query and the scores
 * are scratch space and simply move.
 */
export class VectorMatrix {
  private readonly kernel: Kernel;
  private floats: Float32Array;
  private dims = 0;
  private stride = 0;
  private capacity = 0;
  private ids: string[] = [];
  private metadata: VectorMetadata[] = [];
  private norms = new Float64Array(0);
  private readonly rowOf = new Map<string, number>();

  constructor(module: WebAssembly.Module) {
    this.kernel = new WebAssembly.Instance(module).exports as unknown as Kernel;
    this.floats = new Float32Array(this.kernel.memory.buffer);
  }

  get size(): number {
    return this.ids.length;
  }

  /** The stored ids, in row order. */
  storedIds(): string[] {
    return [...this.ids];
  }

  /** The dimensions of the stored vectors; 0 while empty (the next vector sets them). */
  get dimensions(): number {
    return this.size === 0 ? 0 : this.dims;
  }

  has(id: string): boolean {
    return this.rowOf.has(id);
  }

  /** Inserts or replaces a vector. Its length must match the stored vectors' unless the matrix is empty. */
  set(id: string, values: ArrayLike<number>, metadata: VectorMetadata): void {
    if (this.size === 0 && values.length !== this.dims) this.reshape(values.length);
    if (values.length !== this.dims)
      throw new RangeError(`vector ${id} has ${values.length} dimensions; the matrix holds ${this.dims}`);
    let row = this.rowOf.get(id);
    if (row === undefined) {
      row = this.ids.length;
      this.reserve(row + 1);
      this.ids.push(id);
      this.metadata.push(metadata);
      this.rowOf.set(id, row);
    }
    const start = row * this.stride;
    this.floats.set(values, start);
    this.floats.fill(0, start + this.dims, start + this.stride);
    this.metadata[row] = metadata;
    this.norms[row] = norm(values);
  }

  /** Removes a vector; the last row moves into its place. */
  delete(id: string): boolean {
    const row = this.rowOf.get(id);
    if (row === undefined) return false;
    const last = this.ids.length - 1;
    if (row !== last) {
      this.floats.copyWithin(row * this.stride, last * this.stride, (last + 1) * this.stride);
      const moved = this.ids[last]!;
      this.ids[row] = moved;
      this.metadata[row] = this.metadata[last]!;
      this.norms[row] = this.norms[last]!;
      this.rowOf.set(moved, row);
    }
    this.ids.pop();
    this.metadata.pop();
    this.rowOf.delete(id);
    return true;
  }

  /** A copy of a stored vector, or undefined. */
  values(id: string): Float32Array | undefined {
    const row = this.rowOf.get(id);
    if (row === undefined) return undefined;
    return this.floats.slice(row * this.stride, row * this.stride + this.dims);
  }

  metadataOf(id: string): VectorMetadata | undefined {
    const row = this.rowOf.get(id);
    return row === undefined ? undefined : this.metadata[row];
  }

  /** The k rows most similar to the query by cosine, best first, among those the options let through. */
  topK(query: ArrayLike<number>, k: number, { filter, exclude }: TopKOptions = {}): VectorMatch[] {
    const n = this.ids.length;
    if (n === 0 || k <= 0) return [];
    if (query.length !== this.dims)
      throw new RangeError(`the query has ${query.length} dimensions; the matrix holds ${this.dims}`);
    const queryAt = this.capacity * this.stride;
    const scoresAt = queryAt + this.stride;
    this.floats.set(query, queryAt);
    this.floats.fill(0, queryAt + this.dims, scoresAt);
    this.kernel.dots(0, n, this.stride, queryAt * 4, scoresAt * 4);
    // the kernel may not grow memory, so the view taken after the last reserve() is still current
    const dots = this.floats.subarray(scoresAt, scoresAt + n);
    const qNorm = norm(query);

    const best: VectorMatch[] = [];
    for (let row = 0; row < n; row++) {
      const id = this.ids[row]!;
      const rowNorm = this.norms[row]!;
      const score = qNorm === 0 || rowNorm === 0 ? 0 : dots[row]! / (qNorm * rowNorm);
      // the score test first: it rejects most rows, far more cheaply than the filter would
      if (best.length === k && !better(score, id, best[k - 1]!)) continue;
      if (exclude?.has(id)) continue;
      if (filter && !matchesFilter(this.metadata[row]!, filter)) continue;
      let i = best.length - (best.length === k ? 1 : 0);
      best[i] = { id, score, metadata: this.metadata[row]! };
      while (i > 0 && better(best[i]!.score, best[i]!.id, best[i - 1]!)) {
        [best[i - 1], best[i]] = [best[i]!, best[i - 1]!];
        i--;
      }
    }
    return best;
  }

  /** An empty matrix takes the next vector's dimensions. */
  private reshape(dims: number): void {
    this.dims = dims;
    this.stride = Math.ceil(dims / BLOCK) * BLOCK;
    this.capacity = 0;
    this.norms = new Float64Array(0);
    this.reserve(MIN_CAPACITY);
  }

  /**
   * Room for `rows` rows plus the query and the scores after them. Grows by a quarter, not double:
   * the memory counts against the isolate's limit (128 MB in production), and growing in place is cheap.
   */
  private reserve(rows: number): void {
    if (rows <= this.capacity) return;
    const capacity = Math.max(MIN_CAPACITY, Math.ceil(this.capacity * 1.25), rows);
    const bytes = (capacity * this.stride + this.stride + capacity) * 4;
    const { memory } = this.kernel;
    if (bytes > memory.buffer.byteLength) memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / PAGE));
    this.floats = new Float32Array(memory.buffer);
    const norms = new Float64Array(capacity);
    norms.set(this.norms.subarray(0, this.ids.length));
    this.norms = norms;
    this.capacity = capacity;
  }
}

const better = (score: number, id: string, than: VectorMatch) =>
  score > than.score || (score === than.score && id < than.id);

/**
 * A query as the vector index port defines it (defaults applied, `excludeIds`, `returnValues`),
 * answered from a matrix: the namespace's actor and an isolate's replica of it share this.
 */
export function queryMatrix(matrix: VectorMatrix, vector: ArrayLike<number>, options: VectorQuery = {}): VectorMatch[] {
  const { topK: k, filter, returnValues, excludeIds } = VectorQuerySchema.parse(options);
  const matches = matrix.topK(vector, k, { filter, exclude: excludeIds && new Set(excludeIds) });
  if (!returnValues) return matches;
  return matches.map((m) => ({ ...m, values: matrix.values(m.id)! }));
}
