import { eq, max, sql } from "drizzle-orm";
import { erasureReceipts, revokedSubjects } from "../../../schemas/db";
import { createDb, type D1Env } from "./d1";

/** Receipt state as stored: counts per store and the steps done so far (the `stores` column's JSON). */
export type ReceiptState = { counts: Record<string, number>; done: string[] };
export type ReceiptRow = {
  id: string;
  status: "running" | "completed";
  requestedAt: number;
  completedAt: number | null;
  state: ReceiptState;
};

const epochUpsert = (db: ReturnType<typeof createDb>, subjectHash: string, at: number) =>
  db
    .insert(revokedSubjects)
    .values({ subjectHash, notBefore: at })
    .onConflictDoUpdate({
      target: revokedSubjects.subjectHash,
      set: { notBefore: sql`max(${revokedSubjects.notBefore}, excluded.not_before)` },
    });

/**
 * Starts an erasure's paper trail in one batch: the token epoch (every token of the subject issued
 * before `at` is refused) and the receipt. Both are keyed by the subject's hash, never the user id.
 */
export async function openErasure(env: D1Env, input: { id: string; subjectHash: string; at: number }): Promise<void> {
  const db = createDb(env);
  await db.batch([
    epochUpsert(db, input.subjectHash, input.at),
    db
      .insert(erasureReceipts)
      .values({
        id: input.id,
        subjectHash: input.subjectHash,
        status: "running",
        stores: JSON.stringify({ counts: {}, done: [] } satisfies ReceiptState),
        requestedAt: input.at,
      })
      .onConflictDoNothing(),
  ]);
}

/** Records progress (counts so far and steps done); `completedAt` closes the receipt. */
export async function updateReceipt(env: D1Env, id: string, state: ReceiptState, completedAt?: number): Promise<void> {
  await createDb(env)
    .update(erasureReceipts)
    .set({
      stores: JSON.stringify(state),
      ...(completedAt === undefined ? {} : { status: "completed" as const, completedAt }),
    })
    .where(eq(erasureReceipts.id, id));
}

export async function findReceipt(env: D1Env, id: string): Promise<ReceiptRow | undefined> {
  const row = await createDb(env).query.erasureReceipts.findFirst({ where: eq(erasureReceipts.id, id) });
  if (!row) return undefined;
  return {
    id: row.id,
    status: row.status,
    requestedAt: row.requestedAt,
    completedAt: row.completedAt,
    state: JSON.parse(row.stores) as ReceiptState,
  };
}

/** Tokens of the subject issued before this instant (ms) are refused; null when none are. */
export async function tokenEpoch(env: D1Env, subjectHash: string): Promise<number | null> {
  const row = await createDb(env)
    .select({ notBefore: revokedSubjects.notBefore })
    .from(revokedSubjects)
    .where(eq(revokedSubjects.subjectHash, subjectHash))
    .get();
  return row?.notBefore ?? null;
}

/** The newest token epoch of any subject (ms), or null when there is none: a token issued after it is current. */
export async function latestTokenEpoch(env: D1Env): Promise<number | null> {
  const row = await createDb(env)
    .select({ latest: max(revokedSubjects.notBefore) })
    .from(revokedSubjects)
    .get();
  return row?.latest ?? null;
}
