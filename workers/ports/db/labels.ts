import { and, asc, eq, exists, gt, isNull, lt, lte, or, sql } from "drizzle-orm";
import { labelVerifications, userLabels } from "../../../schemas/db";
import type { Label, LabelKey, LabelPut } from "../../../schemas/labels";
import { createDb, type D1Env } from "./d1";

export type LabelRow = typeof userLabels.$inferSelect;
export type VerificationRow = typeof labelVerifications.$inferSelect;

export const toLabel = (row: LabelRow): Label => ({
  key: row.key,
  value: row.value,
  visibility: row.visibility,
  domain: row.domain,
  verified: row.verifiedAt !== null,
  verifiedAt: row.verifiedAt === null ? null : new Date(row.verifiedAt).toISOString(),
  updatedAt: new Date(row.updatedAt).toISOString(),
});

export function listLabels(env: D1Env, userId: string): Promise<LabelRow[]> {
  return createDb(env).select().from(userLabels).where(eq(userLabels.userId, userId)).orderBy(asc(userLabels.key));
}

export function findLabel(env: D1Env, userId: string, key: LabelKey): Promise<LabelRow | undefined> {
  return createDb(env)
    .select()
    .from(userLabels)
    .where(and(eq(userLabels.userId, userId), eq(userLabels.key, key)))
    .get();
}

/**
 * Creates or replaces the label in one statement. Verification survives only when the cohort value and
 * the domain stay the same (a visibility change or a re-cased name keeps it); decided inside the
 * upsert, so a concurrent confirm cannot slip a stale verification past a changed value.
 */
export async function putLabel(
  env: D1Env,
  userId: string,
  key: LabelKey,
  label: Required<Pick<LabelPut, "value" | "visibility">> & { domain: string | null; valueKey: string },
  now: number,
): Promise<LabelRow> {
  const [row] = await createDb(env)
    .insert(userLabels)
    .values({ userId, key, ...label, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: [userLabels.userId, userLabels.key],
      set: {
        value: label.value,
        valueKey: label.valueKey,
        visibility: label.visibility,
        domain: label.domain,
        updatedAt: now,
        verifiedAt: sql`CASE WHEN ${userLabels.valueKey} = excluded.value_key AND ${userLabels.domain} IS excluded.domain
          THEN ${userLabels.verifiedAt} END`,
      },
    })
    .returning();
  return row!;
}

/**
 * Deletes the label; a pending code goes with it unless it holds a lock, which must outlast a
 * delete-and-recreate. False when there was no label.
 */
export async function deleteLabel(env: D1Env, userId: string, key: LabelKey, now: number): Promise<boolean> {
  const db = createDb(env);
  const [gone] = await db.batch([
    db
      .delete(userLabels)
      .where(and(eq(userLabels.userId, userId), eq(userLabels.key, key)))
      .returning({ key: userLabels.key }),
    db.delete(labelVerifications).where(and(ofLabel(userId, key), notLocked(now))),
  ]);
  return gone.length > 0;
}

const ofLabel = (userId: string, key: LabelKey) =>
  and(eq(labelVerifications.userId, userId), eq(labelVerifications.key, key));
const notLocked = (now: number) => or(isNull(labelVerifications.lockedUntil), lte(labelVerifications.lockedUntil, now));

export function findVerification(env: D1Env, userId: string, key: LabelKey): Promise<VerificationRow | undefined> {
  return createDb(env).select().from(labelVerifications).where(ofLabel(userId, key)).get();
}

/**
 * Stores a new pending code in place of any older one, unless the label is locked (undefined then). Wrong
 * attempts carry over to the new code, so asking for codes does not buy guesses; they start again once a
 * lock has ended or the previous code is older than a lock would last.
 */
export async function replaceCode(
  env: D1Env,
  userId: string,
  key: LabelKey,
  code: { email: string; codeHash: string; expiresAt: number },
  now: number,
  lockMs: number,
): Promise<VerificationRow | undefined> {
  const [row] = await createDb(env)
    .insert(labelVerifications)
    .values({ userId, key, ...code, createdAt: now })
    .onConflictDoUpdate({
      target: [labelVerifications.userId, labelVerifications.key],
      set: {
        ...code,
        usedAt: null,
        createdAt: now,
        lockedUntil: null,
        attempts: sql`CASE WHEN ${labelVerifications.lockedUntil} IS NOT NULL
          OR ${labelVerifications.createdAt} <= ${now - lockMs} THEN 0 ELSE ${labelVerifications.attempts} END`,
      },
      setWhere: notLocked(now),
    })
    .returning();
  return row;
}

/**
 * Counts one wrong guess in a single statement and locks the label on the `max`-th. Concurrent guesses
 * are serialised by D1: once `max` have been counted the rest match no row, so none gets an extra try.
 * Undefined when the label was already locked.
 */
export async function countWrongAttempt(
  env: D1Env,
  userId: string,
  key: LabelKey,
  now: number,
  limits: { max: number; lockMs: number },
): Promise<{ attempts: number; lockedUntil: number | null } | undefined> {
  const [row] = await createDb(env)
    .update(labelVerifications)
    .set({
      attempts: sql`${labelVerifications.attempts} + 1`,
      lockedUntil: sql`CASE WHEN ${labelVerifications.attempts} + 1 >= ${limits.max} THEN ${now + limits.lockMs} END`,
    })
    .where(and(ofLabel(userId, key), notLocked(now), lt(labelVerifications.attempts, limits.max)))
    .returning({ attempts: labelVerifications.attempts, lockedUntil: labelVerifications.lockedUntil });
  return row;
}

/**
 * Uses the code and verifies the label together (one batch, one transaction). The code is taken by a
 * conditional update, so of two concurrent confirms only one finds it unused; the label is verified only
 * if this batch took the code and the label still has the value and domain the code was checked against.
 */
export async function useCode(
  env: D1Env,
  userId: string,
  label: LabelRow,
  codeHash: string,
  now: number,
  maxAttempts: number,
): Promise<{ used: boolean; label: LabelRow | undefined }> {
  const db = createDb(env);
  const mine = and(ofLabel(userId, label.key), eq(labelVerifications.codeHash, codeHash));
  const [used, verified] = await db.batch([
    db
      .update(labelVerifications)
      .set({ usedAt: now, attempts: 0 })
      .where(
        and(
          mine,
          isNull(labelVerifications.usedAt),
          gt(labelVerifications.expiresAt, now),
          notLocked(now),
          lt(labelVerifications.attempts, maxAttempts),
        ),
      )
      .returning({ key: labelVerifications.key }),
    db
      .update(userLabels)
      .set({ verifiedAt: now })
      .where(
        and(
          eq(userLabels.userId, userId),
          eq(userLabels.key, label.key),
          eq(userLabels.valueKey, label.valueKey),
          label.domain === null ? isNull(userLabels.domain) : eq(userLabels.domain, label.domain),
          exists(
            db
              .select({ one: sql`1` })
              .from(labelVerifications)
              .where(and(mine, eq(labelVerifications.usedAt, now))),
          ),
        ),
      )
      .returning(),
  ]);
  return { used: used.length > 0, label: verified[0] };
}
