import { eq, notInArray } from "drizzle-orm";
import { knowledgeDocs } from "../../../schemas/db";
import { createDb, type D1Env } from "./d1";

export type KnowledgeDocRow = typeof knowledgeDocs.$inferSelect;

/** Every indexed document with its content hash and chunk count. */
export async function knowledgeDocsIndexed(env: D1Env): Promise<KnowledgeDocRow[]> {
  return createDb(env).select().from(knowledgeDocs);
}

/** The indexed documents whose ids are not among `ids` (those a full re-seed no longer has). */
export async function knowledgeDocsExcept(env: D1Env, ids: string[]): Promise<KnowledgeDocRow[]> {
  return createDb(env).select().from(knowledgeDocs).where(notInArray(knowledgeDocs.docId, ids));
}

export async function saveKnowledgeDoc(env: D1Env, row: KnowledgeDocRow): Promise<void> {
  await createDb(env).insert(knowledgeDocs).values(row).onConflictDoUpdate({ target: knowledgeDocs.docId, set: row });
}

export async function deleteKnowledgeDoc(env: D1Env, docId: string): Promise<void> {
  await createDb(env).delete(knowledgeDocs).where(eq(knowledgeDocs.docId, docId));
}
