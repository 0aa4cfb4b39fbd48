import { describe, expect, it } from "vitest";
import type { VectorFilter, VectorMetadata } from "../../schemas/vectors";
import { matchesFilter, norm, topK, type StoredVector } from "../../workers/domain/knn";

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

const DIM = 16;
const TEAMS = ["core", "growth", "infra"];

const stored = (id: string, values: number[], metadata: VectorMetadata = {}): StoredVector => {
  const v = Float32Array.from(values);
  return { id, values: v, norm: norm(v), metadata };
};

/** 200 vectors in shuffled order; 40 of them copy another's values under a new id, so ties occur. */
function dataset(seed: number): StoredVector[] {
  const random = prng(seed);
  const vec = () => Array.from({ length: DIM }, () => random() * 2 - 1);
  const meta = (i: number) => ({ team: TEAMS[i % 3]!, level: i % 5 });
  const out = Array.from({ length: 160 }, (_, i) => stored(`v${String(i).padStart(3, "0")}`, vec(), meta(i)));
  for (let i = 0; i < 40; i++) {
    const twin = out[Math.floor(random() * out.length)]!;
    out.push(stored(`t${String(i).padStart(3, "0")}`, Array.from(twin.values), twin.metadata));
  }
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The specification topK must meet: score everything, sort by score then id, take k. */
function bruteForce(vectors: StoredVector[], query: number[], k: number, filter?: VectorFilter) {
  const qNorm = Math.sqrt(query.reduce((s, x) => s + x * x, 0));
  return vectors
    .filter((v) => matchesFilter(v.metadata, filter))
    .map((v) => {
      let dot = 0;
      for (let i = 0; i < query.length; i++) dot += query[i]! * v.values[i]!;
      return { id: v.id, score: qNorm === 0 || v.norm === 0 ? 0 : dot / (qNorm * v.norm), metadata: v.metadata };
    })
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, k);
}

/**
 * topK ranks exactly as the specification does; its scores may differ from the sequential sum in
 * the last bits (it adds the products in four interleaved sums), never by more than rounding.
 */
function expectSameRanking(actual: ReturnType<typeof topK>, expected: ReturnType<typeof bruteForce>) {
  expect(actual.map((m) => [m.id, m.metadata])).toEqual(expected.map((m) => [m.id, m.metadata]));
  actual.forEach((m, i) => expect(m.score).toBeCloseTo(expected[i]!.score, 12));
}

describe("topK", () => {
  const vectors = dataset(42);
  const random = prng(7);
  const queries = Array.from({ length: 5 }, () => Array.from({ length: DIM }, () => random() * 2 - 1));

  it.each([1, 3, 10, 37, 200])("returns exactly the brute-force top %i by cosine", (k) => {
    for (const query of queries) expectSameRanking(topK(vectors, query, k), bruteForce(vectors, query, k));
  });

  it.each([1, 3, 7, 13])("ranks exactly in %i dimensions too (not a multiple of four)", (dims) => {
    const random = prng(dims);
    const vec = () => Array.from({ length: dims }, () => random() * 2 - 1);
    const few = Array.from({ length: 60 }, (_, i) => stored(`d${String(i).padStart(2, "0")}`, vec()));
    for (let n = 0; n < 3; n++) {
      const query = vec();
      expectSameRanking(topK(few, query, 10), bruteForce(few, query, 10));
    }
  });

  it("breaks ties in score by ascending id, whatever the insertion order", () => {
    const same = [0.6, 0.8, 0];
    const tied = [stored("c", same), stored("a", same), stored("d", [0, 0, 1]), stored("b", same)];
    expect(topK(tied, [3, 4, 0], 3).map((m) => m.id)).toEqual(["a", "b", "c"]);
  });

  it("returns every vector, best first, when k exceeds the set", () => {
    const few = vectors.slice(0, 7);
    const result = topK(few, queries[0]!, 50);
    expect(result).toHaveLength(7);
    expectSameRanking(result, bruteForce(few, queries[0]!, 7));
  });

  it("returns only vectors that match the filter, still exactly ranked", () => {
    const filter: VectorFilter = { team: "growth", level: { $gte: 2 } };
    const result = topK(vectors, queries[1]!, 10, filter);
    expect(result.every((m) => m.metadata.team === "growth" && (m.metadata.level as number) >= 2)).toBe(true);
    expectSameRanking(result, bruteForce(vectors, queries[1]!, 10, filter));
  });

  it("returns nothing when no vector matches the filter", () => {
    expect(topK(vectors, queries[0]!, 5, { team: "sales" })).toEqual([]);
  });

  it("scores a stored zero vector 0", () => {
    const result = topK([stored("zero", [0, 0, 0]), stored("x", [1, 0, 0])], [1, 1, 0], 2);
    expect(result.map((m) => [m.id, m.score])).toEqual([
      ["x", expect.closeTo(Math.SQRT1_2, 12)],
      ["zero", 0],
    ]);
  });

  it("scores every vector 0 for a zero query and orders them by id", () => {
    const result = topK([stored("b", [1, 0]), stored("a", [0, 1])], [0, 0], 2);
    expect(result.map((m) => [m.id, m.score])).toEqual([
      ["a", 0],
      ["b", 0],
    ]);
  });
});

describe("matchesFilter", () => {
  const meta: VectorMetadata = { team: "core", level: 3, name: "bravo", active: true };
  const matches = (filter: VectorFilter) => matchesFilter(meta, filter);

  it("passes everything when there is no filter", () => {
    expect(matchesFilter(meta, undefined)).toBe(true);
    expect(matchesFilter(meta, {})).toBe(true);
  });

  it.each<[VectorFilter, boolean]>([
    [{ team: "core" }, true],
    [{ team: "growth" }, false],
    [{ level: 3 }, true],
    [{ level: "3" }, false],
    [{ active: true }, true],
    [{ active: false }, false],
  ])("treats a bare value as $eq: %j → %s", (filter, expected) => {
    expect(matches(filter)).toBe(expected);
  });

  it.each<[VectorFilter, boolean]>([
    [{ team: { $eq: "core" } }, true],
    [{ team: { $eq: "infra" } }, false],
    [{ level: { $eq: "3" } }, false],
  ])("$eq matches only an equal value of the same type: %j → %s", (filter, expected) => {
    expect(matches(filter)).toBe(expected);
  });

  it.each<[VectorFilter, boolean]>([
    [{ team: { $ne: "core" } }, false],
    [{ team: { $ne: "infra" } }, true],
    [{ level: { $ne: "3" } }, true],
  ])("$ne rejects only an equal value: %j → %s", (filter, expected) => {
    expect(matches(filter)).toBe(expected);
  });

  it.each<[VectorFilter, boolean]>([
    [{ team: { $in: ["infra", "core"] } }, true],
    [{ team: { $in: ["infra", "growth"] } }, false],
    [{ team: { $in: [] } }, false],
  ])("$in matches a value in the list: %j → %s", (filter, expected) => {
    expect(matches(filter)).toBe(expected);
  });

  it.each<[VectorFilter, boolean]>([
    [{ team: { $nin: ["infra", "core"] } }, false],
    [{ team: { $nin: ["infra", "growth"] } }, true],
    [{ team: { $nin: [] } }, true],
  ])("$nin rejects a value in the list: %j → %s", (filter, expected) => {
    expect(matches(filter)).toBe(expected);
  });

  it.each<[VectorFilter, boolean]>([
    [{ level: { $lt: 4 } }, true],
    [{ level: { $lt: 3 } }, false],
    [{ level: { $lte: 3 } }, true],
    [{ level: { $lte: 2 } }, false],
    [{ level: { $gt: 2 } }, true],
    [{ level: { $gt: 3 } }, false],
    [{ level: { $gte: 3 } }, true],
    [{ level: { $gte: 4 } }, false],
  ])("compares numbers with range operators: %j → %s", (filter, expected) => {
    expect(matches(filter)).toBe(expected);
  });

  it.each<[VectorFilter, boolean]>([
    [{ name: { $lt: "charlie" } }, true],
    [{ name: { $lt: "alpha" } }, false],
    [{ name: { $lte: "bravo" } }, true],
    [{ name: { $gt: "alpha" } }, true],
    [{ name: { $gt: "bravo" } }, false],
    [{ name: { $gte: "bravo" } }, true],
    [{ name: { $gte: "bravo2" } }, false],
  ])("compares strings lexicographically with range operators: %j → %s", (filter, expected) => {
    expect(matches(filter)).toBe(expected);
  });

  it.each<VectorFilter>([{ level: { $lt: "9" } }, { level: { $gte: "0" } }, { name: { $gt: 0 } }])(
    "never matches a range bound of another type: %j",
    (filter) => {
      expect(matches(filter)).toBe(false);
    },
  );

  it.each<VectorFilter>([
    { missing: "core" },
    { missing: { $eq: "core" } },
    { missing: { $in: ["core"] } },
    { missing: { $lt: 5 } },
    { missing: { $lte: 5 } },
    { missing: { $gt: 0 } },
    { missing: { $gte: 0 } },
  ])("fails a missing field on %j", (filter) => {
    expect(matches(filter)).toBe(false);
  });

  it.each<VectorFilter>([{ missing: { $ne: "core" } }, { missing: { $nin: ["core"] } }])(
    "passes a missing field on %j",
    (filter) => {
      expect(matches(filter)).toBe(true);
    },
  );

  it("requires every field clause to hold", () => {
    expect(matches({ team: "core", level: { $gte: 3 } })).toBe(true);
    expect(matches({ team: "core", level: { $gt: 3 } })).toBe(false);
  });

  it("requires every operator within one clause to hold", () => {
    expect(matches({ level: { $gte: 2, $lt: 4 } })).toBe(true);
    expect(matches({ level: { $gte: 2, $lt: 3 } })).toBe(false);
    expect(matches({ team: { $in: ["core", "infra"], $ne: "core" } })).toBe(false);
  });
});
