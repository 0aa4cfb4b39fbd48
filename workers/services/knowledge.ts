import type { Citation, CoachType } from "../../schemas/coach";
import { KNOWLEDGE_NAMESPACE } from "../../schemas/vectors";
import { chunkMarkdown, scriptLanguage, type Lang } from "../domain/chunking";
import { typesNamedIn, type ContextChunk } from "../domain/coach-prompt";
import { configOf, type AppEnv } from "../env";
import {
  deleteKnowledgeDoc,
  knowledgeDocsExcept,
  knowledgeDocsIndexed,
  saveKnowledgeDoc,
} from "../ports/db/knowledge-docs";
import { createEmbedder } from "../ports/embeddings";
import { userSettings } from "../ports/db/users";
import { createVectorIndex } from "../ports/vectors";
import { sha256 } from "../domain/hash";
import { lexicalScores } from "../domain/lexical-rank";
import { hasHangul } from "../domain/text";

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
          lang: c.lang,
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

export type Retrieved = ContextChunk & { score: number; docId: string; lang: Lang };

/**
 * The language to answer in: the question's own script when it has one (Hangul → Korean, Latin
 * words → English), since that is the language the person is writing in; the profile's `locale`
 * (D1 users) for a question without words ("1:1?"), read only then.
 */
export async function answerLanguage(env: AppEnv, question: string, userId: string | undefined): Promise<Lang> {
  if (hasHangul(question)) return "ko";
  if (/[A-Za-z]{2,}/.test(question) || !userId) return "en";
  return (await userSettings(env, userId)).locale;
}

/** Candidates for the pinned (one style's document) and general queries, reranked here. */
const PINNED_POOL = 20;
const POOL = 40;
/** How much the lexical evidence and the document's other matching sections add to the similarity. */
const LEXICAL_WEIGHT = 0.5;
const DOCUMENT_WEIGHT = 0.1;

/**
 * The pool in the user's language, best first by similarity plus lexical evidence (the question's
 * terms the chunk shares, see lexical-rank.ts) plus a share of its document's other matches (a
 * document several of whose sections match is about the question); then the other language's
 * chunks, in the index's order, for when the user's language has too few.
 */
function rank(question: string, lang: Lang, pool: Retrieved[]): Retrieved[] {
  const own = pool.filter((c) => c.lang === lang);
  const lexical = lexicalScores(
    question,
    own.map((c) => c.text),
  );
  const combined = own.map((c, i) => c.score + LEXICAL_WEIGHT * lexical[i]!);
  const byDoc = new Map<string, number>();
  own.forEach((c, i) => byDoc.set(c.docId, (byDoc.get(c.docId) ?? 0) + combined[i]!));
  const final = own.map((c, i) => combined[i]! + DOCUMENT_WEIGHT * (byDoc.get(c.docId)! - combined[i]!));
  const order = own.map((_, i) => i).sort((a, b) => final[b]! - final[a]! || a - b);
  return [...order.map((i) => own[i]!), ...pool.filter((c) => c.lang !== lang)];
}

/**
 * Top-k chunks for a question, in the user's language first (every document has an English and a
 * Korean side, so the other language only fills in when the user's has too few matches) and ranked
 * with lexical evidence on top of the embedding's similarity (see `rank`). A style
 * named in the question puts that style's own document first; the user's own style contributes its
 * best chunk when it is not already included. `asked` runs once the index has been queried, before
 * its answer (a caller can hold its own writes until then, see TurnQueue.submit).
 */
export async function retrieve(
  env: AppEnv,
  question: string,
  opts: { type?: CoachType | null; topK?: number; lang?: Lang; asked?: () => void } = {},
): Promise<Retrieved[]> {
  const config = configOf(env);
  const index = createVectorIndex(env, config);
  const [vector] = await createEmbedder(env, config).embed([question]);
  const topK = opts.topK ?? 4;
  const lang = opts.lang ?? (hasHangul(question) ? "ko" : "en");
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
    // chunks indexed before chunks carried their language are read by their script
    lang:
      m.metadata.lang === "ko" || m.metadata.lang === "en" ? m.metadata.lang : scriptLanguage(String(m.metadata.text)),
    score: m.score,
  });
  const named = typesNamedIn(question);
  const types = [...named, ...(opts.type && !named.includes(opts.type) ? [opts.type] : [])];
  // the pinned and general queries go together: one round trip on the answer's critical path
  const query = index.queryEach(KNOWLEDGE_NAMESPACE, vector!, [
    ...types.map((type) => ({ topK: PINNED_POOL, filter: { docId: type } })),
    { topK: POOL },
  ]);
  opts.asked?.();
  const lists = await query;
  const generalMatches = lists.pop()!;
  const pinned = lists.flatMap((list, i) =>
    rank(question, lang, list.map(toChunk)).slice(0, named.includes(types[i]!) ? 2 : 1),
  );
  const general = rank(question, lang, generalMatches.map(toChunk));
  const seen = new Set<string>();
  return [...pinned, ...general]
    .filter((c) => {
      const key = `${c.docId}|${c.section}|${c.text.slice(0, 40)}`;
      return seen.has(key) ? false : (seen.add(key), true);
    })
    .slice(0, Math.max(topK, pinned.length));
}

/** One citation per source document, in order of first use, titled in the language of its passages. */
export function citationsOf(chunks: Retrieved[]): Citation[] {
  const bySource = new Map<string, Citation>();
  for (const c of chunks)
    if (!bySource.has(c.source)) bySource.set(c.source, { source: c.source, title: c.title, section: c.section });
  return [...bySource.values()];
}
