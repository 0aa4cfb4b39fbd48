import { describe, expect, it } from "vitest";
import { recommend } from "../../durable-objects/user/recommend";
import { ITEMS_NAMESPACE } from "../../schemas/vectors";
import { VectorizeIndex } from "../../workers/ports/vectors/vectorize";
import { VectorizeStandIn } from "../helpers/vectorize-standin";

// What the shared contract (test/integration/vectors-contract.test.ts) cannot see: how the adapter
// meets Vectorize's topK limits, and what reads show while its asynchronous writes are pending.
// Vectorize has no local simulator; VectorizeStandIn follows the binding's documented contract.

/** 120 items whose similarity to [1, 0] falls with their number, written and applied. */
async function catalogue() {
  const standIn = new VectorizeStandIn({ dimensions: 2 });
  const index = new VectorizeIndex(standIn.binding);
  const records = Array.from({ length: 120 }, (_, i) => ({
    id: `v${String(i).padStart(3, "0")}`,
    values: [Math.cos(i / 100), Math.sin(i / 100)],
    metadata: { n: i, title: `항목 ${i}` },
  }));
  await index.upsert(ITEMS_NAMESPACE, records);
  standIn.applyPending();
  const ids = (n: number, from = 0) => records.slice(from, from + n).map((r) => r.id);
  return { standIn, index, ids };
}

describe("the Vectorize stand-in", () => {
  it("refuses topK over 20 with values or all metadata, and over 100 with ids only, as the binding does", async () => {
    const { binding } = new VectorizeStandIn({ dimensions: 2 });
    await expect(binding.query([1, 0], { topK: 21, returnMetadata: "all" })).rejects.toThrow(/topK.*20/);
    await expect(binding.query([1, 0], { topK: 21, returnValues: true })).rejects.toThrow(/topK.*20/);
    await expect(binding.query([1, 0], { topK: 101, returnMetadata: "indexed" })).rejects.toThrow(/topK.*100/);
    expect((await binding.query([1, 0], { topK: 100, returnMetadata: "indexed" })).matches).toEqual([]);
  });

  it("answers a write with a mutation id and shows it only after the set number of reads", async () => {
    const standIn = new VectorizeStandIn({ dimensions: 2, applyAfterReads: 1 });
    const mutation = await standIn.upsert([{ id: "a", values: [1, 0], namespace: "n" }]);
    expect(mutation).toEqual({ mutationId: expect.any(String) });
    expect(await standIn.getByIds(["a"])).toEqual([]);
    expect(await standIn.getByIds(["a"])).toHaveLength(1);
    expect((await standIn.describe()).processedUpToMutation).toBe(mutation.mutationId);
  });
});

describe("the Vectorize adapter's query", () => {
  it("leaves excluded ids out and still returns topK, with metadata, in one call", async () => {
    const { standIn, index, ids } = await catalogue();
    const matches = await index.query(ITEMS_NAMESPACE, [1, 0], { topK: 10, excludeIds: ["v000", "v002"] });
    expect(matches.map((m) => m.id)).toEqual(ids(11, 1).filter((id) => id !== "v002"));
    expect(matches[0]!.metadata).toEqual({ n: 1, title: "항목 1" });
    expect(standIn.queries).toEqual([expect.objectContaining({ topK: 12, returnMetadata: "all" })]);
  });

  it("asks for ids only past Vectorize's 20-match limit, then reads metadata and values by id", async () => {
    const { standIn, index, ids } = await catalogue();
    const matches = await index.query(ITEMS_NAMESPACE, [1, 0], { topK: 30, excludeIds: ids(50), returnValues: true });
    expect(matches.map((m) => m.id)).toEqual(ids(30, 50));
    expect(matches[29]!.metadata).toEqual({ n: 79, title: "항목 79" });
    expect(Array.from(matches[0]!.values!)).toEqual([Math.fround(Math.cos(0.5)), Math.fround(Math.sin(0.5))]);
    expect(standIn.queries).toEqual([
      expect.objectContaining({ topK: 80, returnMetadata: "none", returnValues: false }),
    ]);
  });

  it("returns what fits in Vectorize's 100 matches when the exclusions push past them", async () => {
    const { index, ids } = await catalogue();
    const matches = await index.query(ITEMS_NAMESPACE, [1, 0], { topK: 10, excludeIds: ids(95) });
    expect(matches.map((m) => m.id)).toEqual(ids(5, 95));
  });

  it("keeps an id too long for Vectorize once namespaced, and gives it back unchanged", async () => {
    const standIn = new VectorizeStandIn({ dimensions: 2 });
    const index = new VectorizeIndex(standIn.binding);
    const id = "긴-아이디-".repeat(6); // 6 × 16 bytes in UTF-8
    await index.upsert("knowledge", [{ id, values: [1, 0], metadata: { title: "회의" } }]);
    standIn.applyPending();
    expect(await index.query("knowledge", [1, 0], { topK: 1 })).toMatchObject([{ id, metadata: { title: "회의" } }]);
    expect((await index.get("knowledge", [id])).map((r) => r.id)).toEqual([id]);
  });
});

describe("the Vectorize adapter's asynchronous writes", () => {
  it("shows an upsert to queries only once Vectorize has applied it", async () => {
    const { standIn, index } = await catalogue();
    await index.upsert(ITEMS_NAMESPACE, [{ id: "new", values: [0, -1], metadata: { title: "새 상품" } }]);
    expect((await index.query(ITEMS_NAMESPACE, [0, -1], { topK: 1 }))[0]!.id).toBe("v000");
    standIn.applyPending();
    expect((await index.query(ITEMS_NAMESPACE, [0, -1], { topK: 1 }))[0]!.id).toBe("new");
  });

  it("deletes a vector whose write is not visible yet, so it does not appear when that write lands", async () => {
    const { standIn, index } = await catalogue();
    await index.upsert(ITEMS_NAMESPACE, [{ id: "gone", values: [1, 0] }]);
    await index.delete(ITEMS_NAMESPACE, ["gone"]);
    standIn.applyPending();
    expect(await index.get(ITEMS_NAMESPACE, ["gone"])).toEqual([]);
  });
});

describe("the user's recommendations over Vectorize", () => {
  const fallbacks = {
    catalogue: { find: async () => [], newest: async () => [] },
    trending: async () => [],
  };

  it("leave out what the user just touched and follow their new taste while index writes are pending", async () => {
    const { standIn, index, ids } = await catalogue();
    // a catalogue sync is in flight: its write has not been applied when the user's event arrives
    await index.upsert(ITEMS_NAMESPACE, [{ id: "late", values: [0, 1], metadata: { title: "늦은 상품" } }]);
    const before = await recommend(
      { index, ...fallbacks },
      { taste: [1, 0], excluded: new Set(), recent: [], limit: 3 },
    );
    expect(before.items.map((i) => i.itemId)).toEqual(ids(3));
    // the actor applies the click to its own taste and exclusions; the index is not written at all
    const after = await recommend(
      { index, ...fallbacks },
      {
        taste: [Math.cos(1.19), Math.sin(1.19)],
        excluded: new Set(["v119"]),
        recent: [{ itemId: "v119", title: "항목 119" }],
        limit: 3,
      },
    );
    expect(after.items.map((i) => i.itemId)).toEqual(["v118", "v117", "v116"]);
    expect(after.items[0]).toMatchObject({ reason: 'similar to "항목 119"', basedOn: "v119" });
    expect(standIn.pendingCount).toBe(1);
  });
});
