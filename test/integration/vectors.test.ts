import { env } from "cloudflare:workers";
import { evictDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { configOf } from "../../workers/env";
import { createEmbedder } from "../../workers/ports/embeddings";
import { createVectorIndex } from "../../workers/ports/vectors";
import type { VectorMetadata } from "../../schemas/vectors";
import { uniqueId } from "../helpers/api";

const index = () => createVectorIndex(env, configOf(env));
const embedder = () => createEmbedder(env, configOf(env));

/** Deterministic pseudo-random vectors (mulberry32) so expected rankings can be computed by brute force. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  };
}
const cos = (a: number[], b: number[]) => {
  let d = 0,
    na = 0,
    nb = 0;
  for (let i = 0; i < a.length; i++) {
    d += a[i]! * b[i]!;
    na += a[i]! ** 2;
    nb += b[i]! ** 2;
  }
  return d / Math.sqrt(na * nb);
};

/** A fresh namespace holding `count` seeded random vectors, and a query drawn next from the same sequence. */
async function seededNamespace<R extends { id: string; metadata?: VectorMetadata }>(
  seed: number,
  count: number,
  dims: number,
  record: (i: number) => R,
) {
  const ns = uniqueId("ns");
  const rand = rng(seed);
  const records = Array.from({ length: count }, (_, i) => ({
    ...record(i),
    values: Array.from({ length: dims }, rand),
  }));
  await index().upsert(ns, records);
  return { ns, records, q: Array.from({ length: dims }, rand) };
}

describe("the embedded vector index", () => {
  it("returns the exact top-k by cosine similarity", async () => {
    const { ns, records, q } = await seededNamespace(7, 300, 32, (i) => ({ id: `v${i}`, metadata: { n: i } }));
    const expected = records
      .map((r) => ({ id: r.id, score: cos(q, r.values) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, 10);
    const got = await index().query(ns, q, { topK: 10 });
    expect(got.map((m) => m.id)).toEqual(expected.map((e) => e.id));
    got.forEach((m, i) => expect(m.score).toBeCloseTo(expected[i]!.score, 5));
  });

  it("returns each match's stored values when asked, as a Float32Array, and none otherwise", async () => {
    const { ns, records, q } = await seededNamespace(5, 40, 8, (i) => ({ id: `w${i}` }));
    const [withValues, without] = await Promise.all([
      index().query(ns, q, { topK: 5, returnValues: true }),
      index().query(ns, q, { topK: 5 }),
    ]);
    expect(withValues.map((m) => m.id)).toEqual(without.map((m) => m.id));
    for (const m of withValues) {
      expect(m.values).toBeInstanceOf(Float32Array);
      expect(Array.from(m.values!)).toEqual(Array.from(Float32Array.from(records.find((r) => r.id === m.id)!.values)));
    }
    expect(without.every((m) => m.values === undefined)).toBe(true);
  });

  it("applies metadata filters before ranking", async () => {
    const { ns, records, q } = await seededNamespace(11, 120, 16, (i) => ({
      id: `item-${i}`,
      metadata: { category: i % 3 === 0 ? "books" : "games", price: i },
    }));
    const got = await index().query(ns, q, { topK: 5, filter: { category: "books", price: { $lt: 60 } } });
    const expected = records
      .filter((r) => r.metadata.category === "books" && r.metadata.price < 60)
      .map((r) => ({ id: r.id, score: cos(q, r.values) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, 5);
    expect(got.map((m) => m.id)).toEqual(expected.map((e) => e.id));
    expect(got.every((m) => m.metadata.category === "books" && Number(m.metadata.price) < 60)).toBe(true);
  });

  it("leaves excluded ids out and gives their places to the next best", async () => {
    const { ns, records, q } = await seededNamespace(13, 80, 16, (i) => ({ id: `x${i}` }));
    const ranked = records.map((r) => ({ id: r.id, score: cos(q, r.values) })).sort((a, b) => b.score - a.score);
    const excludeIds = [ranked[0]!.id, ranked[3]!.id, "not-stored"];
    const got = await index().query(ns, q, { topK: 6, excludeIds });
    expect(got.map((m) => m.id)).toEqual(
      ranked
        .filter((r) => !excludeIds.includes(r.id))
        .slice(0, 6)
        .map((r) => r.id),
    );
  });

  it("answers several queries in one call exactly as one by one", async () => {
    const { ns, q } = await seededNamespace(5, 60, 8, (i) => ({ id: `d${i}`, metadata: { doc: i % 4 } }));
    const queries = [{ topK: 2, filter: { doc: 1 } }, { topK: 5 }, { topK: 3, filter: { doc: 3 } }];
    const each = await index().queryEach(ns, q, queries);
    expect(each).toEqual(await Promise.all(queries.map((o) => index().query(ns, q, o))));
    expect(each.map((l) => l.length)).toEqual([2, 5, 3]);
  });

  it("upserts replace, deletes remove, and namespaces stay apart", async () => {
    const [a, b] = [uniqueId("ns"), uniqueId("ns")];
    await index().upsert(a, [
      { id: "x", values: [1, 0], metadata: { v: 1 } },
      { id: "y", values: [0, 1] },
    ]);
    await index().upsert(b, [{ id: "x", values: [0, 1] }]);
    await index().upsert(a, [{ id: "x", values: [0.9, 0.1], metadata: { v: 2 } }]);
    expect((await index().query(a, [1, 0], { topK: 1 }))[0]).toMatchObject({ id: "x", metadata: { v: 2 } });
    expect((await index().query(b, [1, 0], { topK: 5 })).map((m) => m.id)).toEqual(["x"]);
    expect(await index().delete(a, ["x", "missing"])).toEqual({ count: 1 });
    expect((await index().query(a, [1, 0], { topK: 5 })).map((m) => m.id)).toEqual(["y"]);
  });

  it("reads vectors back by id, and changes its version on every write", async () => {
    const ns = uniqueId("ns");
    await index().upsert(ns, [
      { id: "a", values: [1, 2], metadata: { title: "A" } },
      { id: "b", values: [3, 4] },
    ]);
    const v1 = await index().version(ns);
    expect(await index().version(ns)).toBe(v1);
    const got = await index().get(ns, ["b", "missing", "a"]);
    expect(got.map((r) => [r.id, Array.from(r.values), r.metadata]).sort()).toEqual([
      ["a", [1, 2], { title: "A" }],
      ["b", [3, 4], {}],
    ]);
    await index().upsert(ns, [{ id: "a", values: [2, 2] }]);
    const v2 = await index().version(ns);
    expect(v2).not.toBe(v1);
    await index().delete(ns, ["b"]);
    expect(await index().version(ns)).not.toBe(v2);
    expect((await index().get(ns, ["a", "b"])).map((r) => r.id)).toEqual(["a"]);
  });

  it("refuses vectors whose dimension differs from the namespace's", async () => {
    const ns = uniqueId("ns");
    await index().upsert(ns, [{ id: "a", values: [1, 2, 3] }]);
    await expect(index().upsert(ns, [{ id: "b", values: [1, 2] }])).rejects.toThrow(/dimensions/);
  });

  it("keeps vectors across an actor restart", async () => {
    const ns = uniqueId("ns");
    await index().upsert(ns, [{ id: "kept", values: [0.3, 0.4] }]);
    await evictDurableObject(env.VECTOR_INDEX.get(env.VECTOR_INDEX.idFromName(`ns:${ns}`)));
    expect((await index().query(ns, [0.3, 0.4], { topK: 1 }))[0]?.id).toBe("kept");
  });

  it("finds Korean and English paraphrases through the default hashing embedder", async () => {
    const ns = uniqueId("ns");
    const docs = {
      meeting: "효과적인 회의 진행 방법과 팁",
      feedback: "How to give constructive feedback to your team",
      banana: "바나나 가격이 3월에 올랐다",
      garden: "Planting tomatoes in a small garden",
    };
    const vectors = await embedder().embed(Object.values(docs));
    await index().upsert(
      ns,
      Object.keys(docs).map((id, i) => ({ id, values: vectors[i]! })),
    );
    const [ko, en] = await embedder().embed(["회의를 더 잘 진행하려면?", "giving feedback to a team member"]);
    expect((await index().query(ns, ko!, { topK: 1 }))[0]?.id).toBe("meeting");
    expect((await index().query(ns, en!, { topK: 1 }))[0]?.id).toBe("feedback");
  });
});
