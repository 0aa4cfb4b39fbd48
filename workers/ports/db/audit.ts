import { and, desc, eq, lt } from "drizzle-orm";
import { auditLog } from "../../../schemas/db";
import { createDb, type D1Env } from "./d1";

export type AuditAction = "export" | "erase.requested" | "erase.completed";
export type AuditEntry = {
  /** `subjectHash` of who did it (the person themselves, or an administrator). */
  actorHash: string;
  action: AuditAction;
  /** `subjectHash` of whose data it was. */
  subjectHash: string;
  /** Counts, store names, request ids: never the person's data. */
  detail?: Record<string, unknown>;
};

/** Appends one entry; the table refuses UPDATE and DELETE (triggers in migration 0013). */
export async function appendAudit(env: D1Env, entry: AuditEntry, at = Date.now()): Promise<void> {
  await createDb(env)
    .insert(auditLog)
    .values({ ...entry, at, detail: JSON.stringify(entry.detail ?? {}) });
}

/** A subject's entries, newest first, `before` an id (keyset). */
export async function listAudit(env: D1Env, subjectHash: string, limit = 50, before?: number) {
  const rows = await createDb(env)
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.subjectHash, subjectHash), before === undefined ? undefined : lt(auditLog.id, before)))
    .orderBy(desc(auditLog.id))
    .limit(limit);
  return rows.map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }));
}
