import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import type { VectorFilter, VectorMetadata } from "../../schemas/vectors";
import { matchesFilter } from "../../workers/domain/knn";
import { VectorMatrix } from "../../workers/domain/vector-matrix";
import { knnKernel } from "../helpers/knn-kernel";

/** mulberry32: a tiny seeded PRNG, so every run sees the same "random" vectors. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Vector = { id: string; values: Float32Array; metadata: VectorMetadata };

const DIM = 16;
const TEAMS = ["core", "growth", "infra"];
const vector = (id: string, values: number[], metadata: VectorMetadata = {}): Vector => ({
  id,
  values: Float32Array.from(values),
  metadata,
});

function matrixOf(vectors: Vector[]): VectorMatrix {
  const matrix = new VectorMatrix(knnKernel);
  for (const v of vectors) matrix.set(v.id, v.values, v.metadata);
  return matrix;
}

/** 200 vectors in shuffled order; 40 of them copy another's values under a new id, so ties occur. */
function dataset(seed: number, dims = DIM, count = 160): Vector[] {
  const random = prng(seed);
  const values = () => Array.from({ length: dims }, () => random() * 2 - 1);
  const meta = (i: number) => ({ team: TEAMS[i % 3]!, level: i % 5 });
  const out = Array.from({ length: count }, (_, i) => vector(`v${String(i).padStart(4, "0")}`, values(), meta(i)));
  for (let i = 0; i < count / 4; i++) {
    const twin = out[Math.floor(random() * out.length)]!;
    out.push(vector(`t${String(i).padStart(4, "0")}`, Array.from(twin.values), twin.metadata));
  }
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The specification: score everything in float64, sort by score then id, take k. */
function bruteForce(vectors: Vector[], query: number[], k: number, filter?: VectorFilter) {
  const length = (xs: ArrayLike<number>) => Math.sqrt(Array.from(xs).reduce((s, x) => s + x * x, 0));
  const qNorm = length(query);
  return vectors
    .filter((v) => matchesFilter(v.metadata, filter))
    .map((v) => {
      let dot = 0;
      for (let i = 0; i < query.length; i++) dot += query[i]! * v.values[i]!;
      const vNorm = length(v.values);
      return { id: v.id, score: qNorm === 0 || vNorm === 0 ? 0 : dot / (qNorm * vNorm), metadata: v.metadata };
    })
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, k);
}

/** Same ranking as the specification; scores are float32 sums, so they agree to about six digits. */
function expectSameRanking(actual: ReturnType<VectorMatrix["topK"]>, expected: ReturnType<typeof bruteForce>) {
  expect(actual.map((m) => [m.id, m.metadata])).toEqual(expected.map((m) => [m.id, m.metadata]));
  actual.forEach((m, i) => expect(m.score).toBeCloseTo(expected[i]!.score, 5));
}

describe("VectorMatrix.topK", () => {
  const vectors = dataset(42);
  const matrix = matrixOf(vectors);
  const random = prng(7);
  const queries = Array.from({ length: 5 }, () => Array.from({ length: DIM }, () => random() * 2 - 1));

  it.each([1, 3, 10, 37, 200])("returns exactly the brute-force top %i by cosine", (k) => {
    for (const query of queries) expectSameRanking(matrix.topK(query, k), bruteForce(vectors, query, k));
  });

  // (not 1: in one dimension every cosine is ±1, and float32 rounding orders those exact ties arbitrarily)
  it.each([2, 3, 7, 13, 17, 384, 385])("ranks exactly in %i dimensions (rows padded to 16 floats)", (dims) => {
    const few = dataset(dims, dims, 48);
    const random = prng(dims + 1);
    const m = matrixOf(few);
    for (let n = 0; n < 3; n++) {
      const query = Array.from({ length: dims }, () => random() * 2 - 1);
      expectSameRanking(m.topK(query, 10), bruteForce(few, query, 10));
    }
  });

  it("breaks ties in score by ascending id, whatever the insertion order", () => {
    const same = [0.6, 0.8, 0];
    const tied = [vector("c", same), vector("a", same), vector("d", [0, 0, 1]), vector("b", same)];
    expect(
      matrixOf(tied)
        .topK([3, 4, 0], 3)
        .map((m) => m.id),
    ).toEqual(["a", "b", "c"]);
  });

  it("returns every vector, best first, when k exceeds the set", () => {
    const few = vectors.slice(0, 7);
    const result = matrixOf(few).topK(queries[0]!, 50);
    expect(result).toHaveLength(7);
    expectSameRanking(result, bruteForce(few, queries[0]!, 7));
  });

  it("returns only vectors that match the filter, still exactly ranked", () => {
    const filter: VectorFilter = { team: "growth", level: { $gte: 2 } };
    const result = matrix.topK(queries[1]!, 10, { filter });
    expect(result.every((m) => m.metadata.team === "growth" && (m.metadata.level as number) >= 2)).toBe(true);
    expectSameRanking(result, bruteForce(vectors, queries[1]!, 10, filter));
  });

  it("leaves out excluded ids and fills the k places from the rest", () => {
    const top = bruteForce(vectors, queries[2]!, 13);
    const exclude = new Set(top.slice(0, 3).map((m) => m.id));
    expectSameRanking(matrix.topK(queries[2]!, 10, { exclude }), top.slice(3));
  });

  it("returns nothing when no vector matches the filter", () => {
    expect(matrix.topK(queries[0]!, 5, { filter: { team: "sales" } })).toEqual([]);
  });

  it("scores a stored zero vector 0", () => {
    const result = matrixOf([vector("zero", [0, 0, 0]), vector("x", [1, 0, 0])]).topK([1, 1, 0], 2);
    expect(result.map((m) => [m.id, m.score])).toEqual([
      ["x", expect.closeTo(Math.SQRT1_2, 6)],
      ["zero", 0],
    ]);
  });

  it("scores every vector 0 for a zero query and orders them by id", () => {
    const result = matrixOf([vector("b", [1, 0]), vector("a", [0, 1])]).topK([0, 0], 2);
    expect(result.map((m) => [m.id, m.score])).toEqual([
      ["a", 0],
      ["b", 0],
    ]);
  });

  it("refuses a query of the wrong length instead of scoring garbage", () => {
    expect(() => matrix.topK([1, 2, 3], 5)).toThrow(/3 dimensions; the matrix holds 16/);
  });
});

describe("VectorMatrix storage", () => {
  it("keeps ranking exactly while it grows past its first capacity", () => {
    const many = dataset(5, 40, 1200);
    const query = Array.from({ length: 40 }, prng(6));
    expectSameRanking(matrixOf(many).topK(query, 25), bruteForce(many, query, 25));
  });

  it("replaces a vector set again under the same id", () => {
    const matrix = matrixOf([vector("a", [1, 0]), vector("b", [0, 1])]);
    matrix.set("a", [0, -1], { v: 2 });
    expect(matrix.size).toBe(2);
    expect(Array.from(matrix.values("a")!)).toEqual([0, -1]);
    expect(matrix.metadataOf("a")).toEqual({ v: 2 });
    expect(matrix.topK([0, -1], 1).map((m) => m.id)).toEqual(["a"]);
  });

  it("deletes by moving the last row into the hole, and every other vector stays findable", () => {
    const all = dataset(9, DIM, 40);
    const matrix = matrixOf(all);
    const gone = new Set(all.filter((_, i) => i % 3 === 0).map((v) => v.id));
    for (const id of gone) expect(matrix.delete(id)).toBe(true);
    expect(matrix.delete([...gone][0]!)).toBe(false);
    const kept = all.filter((v) => !gone.has(v.id));
    expect(matrix.size).toBe(kept.length);
    for (const v of kept) expect(matrix.values(v.id)).toEqual(v.values);
    const query = Array.from({ length: DIM }, prng(10));
    expectSameRanking(matrix.topK(query, kept.length), bruteForce(kept, query, kept.length));
  });

  it("hands out copies, so a caller cannot change a stored vector", () => {
    const matrix = matrixOf([vector("a", [1, 2, 3])]);
    matrix.values("a")!.fill(0);
    expect(Array.from(matrix.values("a")!)).toEqual([1, 2, 3]);
  });

  it("refuses a vector of other dimensions, and takes new ones once emptied", () => {
    const matrix = matrixOf([vector("a", [1, 0, 0])]);
    expect(() => matrix.set("b", [1, 0], {})).toThrow(/2 dimensions; the matrix holds 3/);
    matrix.delete("a");
    expect(matrix.dimensions).toBe(0);
    matrix.set("b", [0, 1], {});
    expect(matrix.dimensions).toBe(2);
    expect(matrix.topK([0, 1], 1)).toEqual([{ id: "b", score: 1, metadata: {} }]);
  });
});

describe("knn.wasm", () => {
  it("is the build of knn.wat", () => {
    // exits non-zero and names the stale file when the committed binary differs from its source's build
    expect(() => execFileSync("node", ["scripts/build-wasm.mjs", "--check"], { stdio: "pipe" })).not.toThrow();
  });
});
