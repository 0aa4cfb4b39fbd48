import { describe, expect, it } from "vitest";
import { VectorizeIndex } from "../../workers/ports/vectors/vectorize";

type Stored = { id: string; values: number[]; namespace: string; metadata: Record<string, string> };

/**
 * Vectorize has no local simulator and its binding speaks no public wire protocol, so the adapter
 * is checked against a stand-in that keeps the binding's documented contract: cosine order, at most
 * 20 matches with metadata or values and 100 without, at most 20 vectors per getByIds.
 */
function standIn(vectors: Stored[]) {
  const calls: { topK: number; returnMetadata: unknown; returnValues: boolean }[] = [];
  const cosine = (a: number[], b: number[]) => {
    const dot = a.reduce((s, x, i) => s + x * b[i]!, 0);
    return dot / (Math.hypot(...a) * Math.hypot(...b));
  };
  const binding = {
    async query(vector: number[], options: VectorizeQueryOptions) {
      const topK = options.topK ?? 5;
      const rich = options.returnValues || options.returnMetadata === "all";
      if (topK > (rich ? 20 : 100)) throw new Error(`VECTOR_QUERY_ERROR: topK ${topK} is over the limit`);
      calls.push({ topK, returnMetadata: options.returnMetadata, returnValues: !!options.returnValues });
      const matches = vectors
        .filter((v) => v.namespace === options.namespace)
        .map((v) => ({
          id: v.id,
          score: cosine(vector, v.values),
          ...(options.returnValues ? { values: v.values } : {}),
          ...(options.returnMetadata === "all" ? { metadata: v.metadata } : {}),
        }))
        .sort((a, b) => b.score - a.score)
        .slice(0, topK);
      return { matches, count: matches.length };
    },
    async getByIds(ids: string[]) {
      if (ids.length > 20) throw new Error("VECTOR_GET_ERROR: too many ids");
      return vectors.filter((v) => ids.includes(v.id));
    },
  };
  return { index: new VectorizeIndex(binding as unknown as globalThis.VectorizeIndex), calls };
}

/** 120 vectors in namespace "items" whose similarity to [1, 0] falls with their number. */
const catalogue: Stored[] = Array.from({ length: 120 }, (_, i) => ({
  id: `v${String(i).padStart(3, "0")}`,
  values: [Math.cos(i / 100), Math.sin(i / 100)],
  namespace: "items",
  metadata: { n: String(i) },
}));
const ids = (n: number, from = 0) => catalogue.slice(from, from + n).map((v) => v.id);

describe("the Vectorize adapter's query", () => {
  it("leaves excluded ids out and still returns topK, with metadata, in one call", async () => {
    const { index, calls } = standIn(catalogue);
    const matches = await index.query("items", [1, 0], { topK: 10, excludeIds: ["v000", "v002"] });
    expect(matches.map((m) => m.id)).toEqual(ids(11, 1).filter((id) => id !== "v002"));
    expect(matches[0]!.metadata).toEqual({ n: "1" });
    expect(calls).toEqual([{ topK: 12, returnMetadata: "all", returnValues: false }]);
  });

  it("asks for ids only past Vectorize's 20-match limit, then reads metadata and values by id", async () => {
    const { index, calls } = standIn(catalogue);
    const excludeIds = ids(50);
    const matches = await index.query("items", [1, 0], { topK: 30, excludeIds, returnValues: true });
    expect(matches.map((m) => m.id)).toEqual(ids(30, 50));
    expect(matches[29]!.metadata).toEqual({ n: "79" });
    expect(Array.from(matches[0]!.values!)).toEqual([Math.fround(Math.cos(0.5)), Math.fround(Math.sin(0.5))]);
    expect(calls).toEqual([{ topK: 80, returnMetadata: "none", returnValues: false }]);
  });

  it("returns what fits in Vectorize's 100 matches when the exclusions push past them", async () => {
    const { index } = standIn(catalogue);
    const matches = await index.query("items", [1, 0], { topK: 10, excludeIds: ids(95) });
    expect(matches.map((m) => m.id)).toEqual(ids(5, 95));
  });
});
