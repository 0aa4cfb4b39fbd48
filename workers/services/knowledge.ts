import type { Citation, CoachType } from "../../schemas/coach";
import { KNOWLEDGE_NAMESPACE } from "../../schemas/vectors";
import { chunkMarkdown } from "../domain/chunking";
import { typesNamedIn, type ContextChunk } from "../domain/coach-prompt";
import { configOf, type AppEnv } from "../env";
import {
  deleteKnowledgeDoc,
  knowledgeDocsExcept,
  knowledgeDocsIndexed,
  saveKnowledgeDoc,
} from "../ports/db/knowledge-docs";
import { createEmbedder } from "../ports/embeddings";
import { createVectorIndex } from "../ports/vectors";
import { sha256 } from "../domain/hash";

const METADATA_TEXT_LIMIT = 1800;

const docIdOf = (path: string, id: unknown) =>
  typeof id === "string" && id ? id : path.replace(/^.*\//, "").replace(/\.md$/, "");

/**
 * Chunks documents by heading, embeds the chunks and upserts them with source metadata. Unchanged
 * documents (same hash) are skipped, chunks a shorter revision no longer has are deleted, and with
 * `prune` documents missing from the request are removed: re-seeding is idempotent.
 */
export async function indexKnowledge(env: AppEnv, documents: { path: string; content: string }[], prune: boolean) {
  const config = configOf(env);
  const index = createVectorIndex(env, config);
  const embedder = createEmbedder(env, config);
  const known = new Map((await knowledgeDocsIndexed(env)).map((d) => [d.docId, d]));
  let chunks = 0;
  let removed = 0;
  const seen: string[] = [];
  for (const doc of documents) {
    const parsed = chunkMarkdown(docIdOf(doc.path, parseId(doc.content)), doc.content);
    const docId = parsed.chunks[0]?.docId ?? docIdOf(doc.path, undefined);
    seen.push(docId);
    const hash = await sha256(doc.content);
    const before = known.get(docId);
    if (before?.contentHash === hash) continue;
    const vectors = await embedder.embed(parsed.chunks.map((c) => c.text));
    const kind = String(parsed.meta.kind ?? "guide");
    const types = Array.isArray(parsed.meta.leadership_types) ? parsed.meta.leadership_types.join(",") : "";
    await index.upsert(
      KNOWLEDGE_NAMESPACE,
      parsed.chunks.map((c, i) => ({
        id: c.id,
        values: vectors[i]!,
        metadata: {
          docId,
          source: doc.path,
          title: c.title,
          section: c.section,
          kind,
          types,
          text: c.text.slice(0, METADATA_TEXT_LIMIT),
        },
      })),
    );
    const stale = Array.from(
      { length: Math.max(0, (before?.chunkCount ?? 0) - parsed.chunks.length) },
      (_, i) => `${docId}#${parsed.chunks.length + i}`,
    );
    if (stale.length) removed += (await index.delete(KNOWLEDGE_NAMESPACE, stale)).count;
    const row = {
      docId,
      path: doc.path,
      title: parsed.title,
      kind,
      contentHash: hash,
      chunkCount: parsed.chunks.length,
      updatedAt: new Date(),
    };
    await saveKnowledgeDoc(env, row);
    chunks += parsed.chunks.length;
  }
  if (prune && seen.length > 0) {
    const gone = await knowledgeDocsExcept(env, seen);
    for (const doc of gone) {
      removed += (
        await index.delete(
          KNOWLEDGE_NAMESPACE,
          Array.from({ length: doc.chunkCount }, (_, i) => `${doc.docId}#${i}`),
        )
      ).count;
      await deleteKnowledgeDoc(env, doc.docId);
    }
  }
  return { documents: documents.length, chunks, removed };
}

function parseId(content: string): unknown {
  return /^---[\s\S]*?^id:\s*(\S+)/m.exec(content)?.[1];
}

export type Retrieved = ContextChunk & { score: number; docId: string };

/**
 * Top-k chunks for a question. A style named in the question puts that style's own document
 * first; the user's own style contributes its best chunk when it is not already included.
 */
export async function retrieve(
  env: AppEnv,
  question: string,
  opts: { type?: CoachType | null; topK?: number } = {},
): Promise<Retrieved[]> {
  const config = configOf(env);
  const index = createVectorIndex(env, config);
  const [vector] = await createEmbedder(env, config).embed([question]);
  const topK = opts.topK ?? 4;
  const toChunk = (m: {
    id: string;
    score: number;
    metadata: Record<string, string | number | boolean>;
  }): Retrieved => ({
    docId: String(m.metadata.docId),
    source: String(m.metadata.source),
    title: String(m.metadata.title),
    section: String(m.metadata.section),
    text: String(m.metadata.text),
    score: m.score,
  });
  const named = typesNamedIn(question);
  const types = [...named, ...(opts.type && !named.includes(opts.type) ? [opts.type] : [])];
  // the pinned and general queries go together: one round trip on the answer's critical path
  const lists = await index.queryEach(KNOWLEDGE_NAMESPACE, vector!, [
    ...types.map((type) => ({ topK: named.includes(type) ? 2 : 1, filter: { docId: type } })),
    { topK: topK + types.length * 2 },
  ]);
  const generalMatches = lists.pop()!;
  const pinnedLists = lists;
  const pinned = pinnedLists.flat().map(toChunk);
  const general = generalMatches.map(toChunk);
  const seen = new Set<string>();
  return [...pinned, ...general]
    .filter((c) => {
      const key = `${c.docId}|${c.section}|${c.text.slice(0, 40)}`;
      return seen.has(key) ? false : (seen.add(key), true);
    })
    .slice(0, Math.max(topK, pinned.length));
}

/** One citation per source document, in order of first use. */
export function citationsOf(chunks: Retrieved[]): Citation[] {
  const bySource = new Map<string, Citation>();
  for (const c of chunks)
    if (!bySource.has(c.source)) bySource.set(c.source, { source: c.source, title: c.title, section: c.section });
  return [...bySource.values()];
}
