import { describe, expect, it } from "vitest";
import type { VectorFilter, VectorMetadata, VectorQuery } from "../../../schemas/vectors";
import { matchesFilter } from "../../../workers/domain/knn";
import type { VectorIndex } from "../../../workers/ports/vectors";
import { uniqueId } from "../api";

/** One vector-index adapter as the contract sees it. */
export type VectorIndexUnderTest = {
  make(): VectorIndex;
  /** The adapter pointed at its service with credentials the service refuses (a 4xx); absent for the embedded index. */
  refused?(): VectorIndex;
  /** The adapter pointed at an address where nothing listens; absent for the embedded index. */
  down?(): VectorIndex;
};

// Upstash fixes one dimension per index; the fake one and every namespace here use 8
const DIMS = 8;

/** Deterministic pseudo-random numbers (mulberry32), so rankings can be checked by brute force. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  };
}
const cosine = (a: number[], b: number[]) => {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot / (Math.hypot(...a) * Math.hypot(...b));
};
const CATEGORIES = ["도서", "games", "it's \\ quoted"];

/** A fresh namespace of `count` seeded vectors with category/price/flag metadata, and a query vector. */
async function seeded(index: VectorIndex, seed: number, count = 60) {
  const ns = uniqueId("ns");
  const rand = rng(seed);
  const records = Array.from({ length: count }, (_, i) => ({
    id: `v${i}`,
    values: Array.from({ length: DIMS }, rand),
    metadata: { category: CATEGORIES[i % 3]!, price: i + 0.5, sale: i % 2 === 0 } as VectorMetadata,
  }));
  await index.upsert(ns, records);
  const q = Array.from({ length: DIMS }, rand);
  const ranked = (filter?: VectorFilter, exclude: string[] = []) =>
    records
      .filter((r) => matchesFilter(r.metadata, filter) && !exclude.includes(r.id))
      .map((r) => ({ id: r.id, score: cosine(q, r.values) }))
      .sort((a, b) => b.score - a.score);
  return { ns, records, q, ranked };
}

/** The behaviour every vector-index adapter shares (issue #18, item 7). */
export function vectorIndexContract(name: string, subject: VectorIndexUnderTest) {
  describe(`the vector index contract: ${name}`, () => {
    const index = () => subject.make();

    it("returns the top-k by cosine similarity, best first, scored as cosines", async () => {
      const { ns, q, ranked } = await seeded(index(), 1);
      const got = await index().query(ns, q, { topK: 7 });
      expect(got.map((m) => m.id)).toEqual(
        ranked()
          .slice(0, 7)
          .map((r) => r.id),
      );
      got.forEach((m, i) => expect(m.score).toBeCloseTo(ranked()[i]!.score, 5));
    });

    it.each<[string, VectorFilter]>([
      ["an implicit $eq on a Hangul value", { category: "도서" }],
      ["$ne and a numeric range", { category: { $ne: "games" }, price: { $gte: 10, $lt: 40 } }],
      ["$in with a value holding a quote and a backslash", { category: { $in: ["it's \\ quoted", "도서"] } }],
      ["$nin and a boolean", { category: { $nin: ["도서"] }, sale: true }],
      ["an $in that lists nothing", { category: { $in: [] } }],
    ])("applies %s before ranking", async (_, filter) => {
      const { ns, q, ranked } = await seeded(index(), 2);
      const got = await index().query(ns, q, { topK: 5, filter });
      expect(got.map((m) => m.id)).toEqual(
        ranked(filter)
          .slice(0, 5)
          .map((r) => r.id),
      );
    });

    it("returns metadata with Korean text exactly as stored", async () => {
      const ns = uniqueId("ns");
      const metadata = { title: "효과적인 회의 진행 방법", note: "따옴표 ' 와 \" 그리고 \\", n: 3 };
      await index().upsert(ns, [{ id: "회의-1", values: [1, 2, 3, 4, 5, 6, 7, 8], metadata }]);
      const [match] = await index().query(ns, [1, 2, 3, 4, 5, 6, 7, 8], { topK: 1 });
      expect(match).toMatchObject({ id: "회의-1", metadata });
      expect(match!.score).toBeCloseTo(1, 5);
    });

    it("leaves excluded ids out and gives their places to the next best", async () => {
      const { ns, q, ranked } = await seeded(index(), 3);
      const excludeIds = [ranked()[0]!.id, ranked()[2]!.id, "not-stored"];
      const got = await index().query(ns, q, { topK: 4, excludeIds });
      expect(got.map((m) => m.id)).toEqual(
        ranked(undefined, excludeIds)
          .slice(0, 4)
          .map((r) => r.id),
      );
    });

    it("answers several queries in one call exactly as one by one", async () => {
      const { ns, q } = await seeded(index(), 4, 30);
      const queries: VectorQuery[] = [
        { topK: 2, filter: { category: "games" } },
        { topK: 5 },
        { topK: 3, filter: { sale: false } },
      ];
      const each = await index().queryEach(ns, q, queries);
      expect(each).toEqual(await Promise.all(queries.map((o) => index().query(ns, q, o))));
      expect(each.map((l) => l.length)).toEqual([2, 5, 3]);
    });

    it("replaces on upsert, removes on delete, and keeps namespaces apart", async () => {
      const [a, b] = [uniqueId("ns"), uniqueId("ns")];
      const unit = (i: number) => Array.from({ length: DIMS }, (_, j) => (j === i ? 1 : 0.01));
      await index().upsert(a, [
        { id: "x", values: unit(0), metadata: { v: 1 } },
        { id: "y", values: unit(1) },
      ]);
      await index().upsert(b, [{ id: "x", values: unit(1) }]);
      await index().upsert(a, [{ id: "x", values: unit(0), metadata: { v: 2 } }]);
      expect((await index().query(a, unit(0), { topK: 1 }))[0]).toMatchObject({ id: "x", metadata: { v: 2 } });
      expect((await index().query(b, unit(0), { topK: 5 })).map((m) => m.id)).toEqual(["x"]);
      expect(await index().delete(a, ["x", "missing"])).toEqual({ count: 1 });
      expect((await index().query(a, unit(0), { topK: 5 })).map((m) => m.id)).toEqual(["y"]);
      expect((await index().get(b, ["x"])).map((r) => r.id)).toEqual(["x"]);
    });

    it("reads stored vectors and metadata back by id, skipping ids it does not hold", async () => {
      const ns = uniqueId("ns");
      const values = [0.5, -0.25, 1, 2, 3, 4, 5, 6];
      await index().upsert(ns, [{ id: "a", values, metadata: { title: "가나다" } }]);
      const got = await index().get(ns, ["missing", "a"]);
      expect(got.map((r) => [r.id, Array.from(r.values), r.metadata])).toEqual([["a", values, { title: "가나다" }]]);
      expect(got[0]!.values).toBeInstanceOf(Float32Array);
    });

    it("answers a namespace that was never written with nothing", async () => {
      const ns = uniqueId("ns");
      expect(await index().query(ns, Array(DIMS).fill(1), { topK: 3 })).toEqual([]);
      expect(await index().get(ns, ["a"])).toEqual([]);
    });

    it("refuses a vector whose dimension differs from the namespace's", async () => {
      const ns = uniqueId("ns");
      await index().upsert(ns, [{ id: "a", values: Array(DIMS).fill(1) }]);
      await expect(index().upsert(ns, [{ id: "b", values: [1, 2, 3] }])).rejects.toThrow(/dimension/i);
    });

    it.skipIf(!subject.refused)("fails with the service's own reason when it refuses the request", async () => {
      await expect(subject.refused!().query(uniqueId("ns"), Array(DIMS).fill(1))).rejects.toThrow(
        /refused.*(401|Unauthorized)/,
      );
    });

    it.skipIf(!subject.down)("fails with a clear error when the service is down", async () => {
      await expect(subject.down!().query(uniqueId("ns"), Array(DIMS).fill(1))).rejects.toThrow(/unreachable/);
    });
  });
}
