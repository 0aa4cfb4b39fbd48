import type { VectorFilter, VectorMetadata, VectorMatch } from "../../schemas/vectors";

export type StoredVector = { id: string; values: Float32Array; norm: number; metadata: VectorMetadata };

export function norm(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]! * values[i]!;
  return Math.sqrt(s);
}

type Scalar = string | number | boolean;
const compare = (a: Scalar, b: Scalar) => (typeof a === typeof b ? (a < b ? -1 : a > b ? 1 : 0) : NaN);

/** Same semantics as Vectorize metadata filtering: every clause must hold; a missing field fails. */
export function matchesFilter(metadata: VectorMetadata, filter: VectorFilter | undefined): boolean {
  if (!filter) return true;
  for (const [field, clause] of Object.entries(filter)) {
    const value = metadata[field];
    if (typeof clause !== "object" || clause === null) {
      if (value !== clause) return false;
      continue;
    }
    if (clause.$ne !== undefined && value === clause.$ne) return false;
    if (clause.$nin && value !== undefined && clause.$nin.includes(value)) return false;
    if (value === undefined) {
      if (clause.$eq !== undefined || clause.$in || clause.$lt !== undefined) return false;
      if (clause.$lte !== undefined || clause.$gt !== undefined || clause.$gte !== undefined) return false;
      continue;
    }
    if (clause.$eq !== undefined && value !== clause.$eq) return false;
    if (clause.$in && !clause.$in.includes(value)) return false;
    if (clause.$lt !== undefined && !(compare(value, clause.$lt) < 0)) return false;
    if (clause.$lte !== undefined && !(compare(value, clause.$lte) <= 0)) return false;
    if (clause.$gt !== undefined && !(compare(value, clause.$gt) > 0)) return false;
    if (clause.$gte !== undefined && !(compare(value, clause.$gte) >= 0)) return false;
  }
  return true;
}

/** Exact top-k by cosine similarity: a full scan, ties broken by id for stable results. */
export function topK(
  vectors: readonly StoredVector[],
  query: ArrayLike<number>,
  k: number,
  filter?: VectorFilter,
): VectorMatch[] {
  // the hot loop: a float64 copy of the query, the dot product inlined with four independent sums
  // (about twice as fast as one: the additions no longer wait on each other), no filter call when none
  const q = Float64Array.from(query);
  const qNorm = norm(q);
  const dims = q.length;
  const unrolled = dims - (dims % 4);
  const best: VectorMatch[] = [];
  for (const v of vectors) {
    if (filter && !matchesFilter(v.metadata, filter)) continue;
    const values = v.values;
    let d0 = 0;
    let d1 = 0;
    let d2 = 0;
    let d3 = 0;
    let j = 0;
    for (; j < unrolled; j += 4) {
      d0 += q[j]! * values[j]!;
      d1 += q[j + 1]! * values[j + 1]!;
      d2 += q[j + 2]! * values[j + 2]!;
      d3 += q[j + 3]! * values[j + 3]!;
    }
    for (; j < dims; j++) d0 += q[j]! * values[j]!;
    const dot = d0 + d1 + (d2 + d3);
    const score = qNorm === 0 || v.norm === 0 ? 0 : dot / (qNorm * v.norm);
    if (best.length === k && !better(score, v.id, best[k - 1]!)) continue;
    const match = { id: v.id, score, metadata: v.metadata };
    let i = best.length - (best.length === k ? 1 : 0);
    best[i] = match;
    while (i > 0 && better(best[i]!.score, best[i]!.id, best[i - 1]!)) {
      [best[i - 1], best[i]] = [best[i]!, best[i - 1]!];
      i--;
    }
  }
  return best;
}

const better = (score: number, id: string, than: VectorMatch) =>
  score > than.score || (score === than.score && id < than.id);
