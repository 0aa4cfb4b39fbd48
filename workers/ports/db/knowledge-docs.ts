import { eq } from "drizzle-orm";
import { knowledgeDocs } from "../../../schemas/db";
import { createDb, type D1Env } from "./d1";

export type KnowledgeDocRow = typeof knowledgeDocs.$inferSelect;

/** Every indexed document with its content hash and chunk count. */
export async function knowledgeDocsIndexed(env: D1Env): Promise<KnowledgeDocRow[]> {
  return createDb(env).select().from(knowledgeDocs);
}

/** The indexed documents whose ids are not among `ids` (those a full re-seed no longer has). */
export async function knowledgeDocsExcept(env: D1Env, ids: string[]): Promise<KnowledgeDocRow[]> {
  // filtered here, not with NOT IN: D1 binds at most 100 parameters a statement and a re-seed may
  // name up to 200 documents; the curated knowledge base is small enough to read whole
  const keep = new Set(ids);
  return (await knowledgeDocsIndexed(env)).filter((doc) => !keep.has(doc.docId));
}

export async function saveKnowledgeDoc(env: D1Env, row: KnowledgeDocRow): Promise<void> {
  await createDb(env).insert(knowledgeDocs).values(row).onConflictDoUpdate({ target: knowledgeDocs.docId, set: row });
}

export async function deleteKnowledgeDoc(env: D1Env, docId: string): Promise<void> {
  await createDb(env).delete(knowledgeDocs).where(eq(knowledgeDocs.docId, docId));
}
