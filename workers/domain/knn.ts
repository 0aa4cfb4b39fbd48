import type { VectorFilter, VectorMetadata } from "../../schemas/vectors";

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
