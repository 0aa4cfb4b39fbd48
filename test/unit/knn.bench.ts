import { bench, describe } from "vitest";
import { norm, topK, type StoredVector } from "../../workers/domain/knn";

// The scan behind every computed recommendation: 10,000 catalogue vectors of 384 dimensions (the
// hashing embedder's size), top 60 as the recommendations path asks for with ~50 exclusions.
const ITEMS = 10_000;
const DIMS = 384;
let seed = 7;
const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648) * 2 - 1;
const vectors: StoredVector[] = Array.from({ length: ITEMS }, (_, i) => {
  const values = Float32Array.from({ length: DIMS }, random);
  return { id: `item-${i}`, values, norm: norm(values), metadata: { category: `c${i % 8}`, price: i } };
});
const query = Array.from({ length: DIMS }, random);

describe(`topK over ${ITEMS} × ${DIMS}`, () => {
  bench("no filter, k = 60", () => void topK(vectors, query, 60));
  bench("category filter, k = 60", () => void topK(vectors, query, 60, { category: "c3" }));
});
