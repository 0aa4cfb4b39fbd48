import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { KNOWLEDGE_NAMESPACE, type VectorQuery } from "../../schemas/vectors";
import { configOf } from "../../workers/env";
import { createEmbedder } from "../../workers/ports/embeddings";
import { createVectorIndex } from "../../workers/ports/vectors";
import { EmbeddedVectorIndex } from "../../workers/ports/vectors/embedded";
import { Replicas, REPLICA_TIMING, type ReplicaTiming } from "../../workers/ports/vectors/replica";
import { uniqueId } from "../helpers/api";
import { indexKnowledgeOnce } from "../helpers/knowledge";

beforeAll(() => indexKnowledgeOnce());

const DIMS = 8;
/** The namespace's actor, reached without the adapter: what a write through another isolate looks like here. */
const actorOf = (ns: string) => env.VECTOR_INDEX.get(env.VECTOR_INDEX.idFromName(`ns:${ns}`));
const vec = (seed: number) => Array.from({ length: DIMS }, (_, i) => Math.sin(seed * 7.1 + i * 1.3));
const record = (i: number, lang: "en" | "ko") => ({
  id: `c${i}`,
  values: vec(i),
  metadata: { docId: `doc${i % 3}`, lang, text: lang === "ko" ? `위임 ${i}번 구절` : `Delegation passage ${i}` },
});

/** A fresh namespace of `count` records, replicated by an adapter with its own replicas and timing. */
async function replicated(count: number, timing: Partial<ReplicaTiming> = {}) {
  const ns = `replica-${uniqueId()}`;
  const adapter = new EmbeddedVectorIndex(env, new Set([ns]), new Replicas({ ...REPLICA_TIMING, ...timing }));
  await adapter.upsert(
    ns,
    Array.from({ length: count }, (_, i) => record(i, i % 2 ? "ko" : "en")),
  );
  return { ns, adapter };
}

const QUERIES: VectorQuery[] = [
  { topK: 5 },
  { topK: 3, filter: { docId: "doc1" } },
  { topK: 4, filter: { lang: { $eq: "ko" } }, excludeIds: ["c1"] },
  { topK: 2, returnValues: true },
];

describe("read replicas of small namespaces (the knowledge base)", () => {
  it("answer every kind of query exactly as the namespace's actor does", async () => {
    const { ns, adapter } = await replicated(40);
    const query = vec(1000);
    const local = await adapter.queryEach(ns, query, QUERIES);
    expect(local).toEqual(await actorOf(ns).queryEach(query, QUERIES));
    expect(local[0]).toHaveLength(5);
    expect(local[1]!.every((m) => m.metadata.docId === "doc1")).toBe(true);
    expect(local[2]!.map((m) => m.id)).not.toContain("c1");
    expect(local[3]![0]!.values).toBeInstanceOf(Float32Array);
    expect(await adapter.query(ns, query, { topK: 5 })).toEqual(local[0]);
  });

  it("see a write through this isolate at once, whatever their timing", async () => {
    const { ns, adapter } = await replicated(10, { freshMs: 3_600_000, maxStaleMs: 3_600_000 });
    const query = vec(5000);
    expect((await adapter.query(ns, query, { topK: 20 })).map((m) => m.id)).not.toContain("new");
    await adapter.upsert(ns, [{ id: "new", values: query, metadata: { text: "새 구절" } }]);
    const [best] = await adapter.query(ns, query, { topK: 1 });
    expect(best).toMatchObject({ id: "new", metadata: { text: "새 구절" } });
    await adapter.delete(ns, ["new"]);
    expect((await adapter.query(ns, query, { topK: 20 })).map((m) => m.id)).not.toContain("new");
  });

  it("see another isolate's write once their copy is older than freshMs, and not before", async () => {
    const query = vec(7000);
    const elsewhere = { id: "elsewhere", values: query, metadata: { text: "written through another isolate" } };

    const fresh = await replicated(10, { freshMs: 3_600_000, maxStaleMs: 3_600_000 });
    await fresh.adapter.query(fresh.ns, query); // copied now
    await actorOf(fresh.ns).upsert([elsewhere]);
    expect((await fresh.adapter.query(fresh.ns, query, { topK: 1 }))[0]!.id).not.toBe("elsewhere");

    // past maxStaleMs the version is asked before the answer
    const expired = await replicated(10, { freshMs: 0, maxStaleMs: 0 });
    await expired.adapter.query(expired.ns, query);
    await actorOf(expired.ns).upsert([elsewhere]);
    expect((await expired.adapter.query(expired.ns, query, { topK: 1 }))[0]!.id).toBe("elsewhere");

    // between the two, the stale copy answers and the version is asked in the background
    const stale = await replicated(10, { freshMs: 0, maxStaleMs: 3_600_000 });
    await stale.adapter.query(stale.ns, query);
    await actorOf(stale.ns).upsert([elsewhere]);
    await vi.waitFor(async () =>
      expect((await stale.adapter.query(stale.ns, query, { topK: 1 }))[0]!.id).toBe("elsewhere"),
    );
  });

  it("are not made of a namespace larger than maxRecords: its queries go to the actor", async () => {
    const { ns, adapter } = await replicated(6, { maxRecords: 5, freshMs: 3_600_000, maxStaleMs: 3_600_000 });
    const query = vec(9000);
    expect(await adapter.queryEach(ns, query, QUERIES)).toEqual(await actorOf(ns).queryEach(query, QUERIES));
    // nothing was copied, so a write that bypassed this isolate is seen at once
    await actorOf(ns).upsert([{ id: "direct", values: query, metadata: {} }]);
    expect((await adapter.query(ns, query, { topK: 1 }))[0]!.id).toBe("direct");
  });

  it("serve the knowledge namespace in the product's configuration, in both languages", async () => {
    const index = createVectorIndex(env, configOf(env));
    const actor = actorOf(KNOWLEDGE_NAMESPACE);
    const size = await actor.count();
    expect(size).toBeGreaterThan(0); // the seeded knowledge base
    for (const question of ["How do I delegate without micromanaging?", "위임을 잘하려면 어떻게 해야 하나요?"]) {
      const [vector] = await createEmbedder(env, configOf(env)).embed([question]);
      const queries: VectorQuery[] = [{ topK: 40 }, { topK: 20, filter: { docId: "coaching" } }];
      expect(await index.queryEach(KNOWLEDGE_NAMESPACE, vector!, queries)).toEqual(
        await actor.queryEach(vector!, queries),
      );
    }
  });
});
