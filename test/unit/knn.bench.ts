import { bench, describe } from "vitest";
import { VectorMatrix } from "../../workers/domain/vector-matrix";
import { knnKernel } from "../helpers/knn-kernel";

// The scan behind every computed recommendation: 10,000 catalogue vectors of 384 dimensions (the
// hashing embedder's size), top 10 as the recommendations path asks for, with and without a filter.
const ITEMS = 10_000;
const DIMS = 384;
let seed = 7;
const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648) * 2 - 1;
const matrix = new VectorMatrix(knnKernel);
for (let i = 0; i < ITEMS; i++)
  matrix.set(`item-${i}`, Float32Array.from({ length: DIMS }, random), { category: `c${i % 8}`, price: i });
const query = Array.from({ length: DIMS }, random);

describe(`VectorMatrix.topK over ${ITEMS} × ${DIMS}`, () => {
  bench("no filter, k = 10", () => void matrix.topK(query, 10));
  bench("category filter, k = 10", () => void matrix.topK(query, 10, { filter: { category: "c3" } }));
});
