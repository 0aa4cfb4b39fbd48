import { subjectHash } from "../domain/hash";
import type { AppEnv } from "../env";
import { UnauthorizedError } from "../errors";
import { tokenEpoch } from "../ports/db/erasure-receipts";

/**
 * Token epochs (API.md: "the user's tokens issued before the erase get 401 afterwards"). D1 holds the
 * epoch by subject hash; each isolate remembers an answer for a few seconds, so a busy user costs one
 * point read per isolate per `MEMO_MS`, not one per request. The isolate that accepts an erasure learns
 * the new epoch at once (`rememberEpoch`); another isolate learns it within `MEMO_MS`.
 */
const MEMO_MS = 5_000;
const MAX_MEMO = 10_000;
const memo = new Map<string, { notBefore: number | null; until: number }>();

export function rememberEpoch(userId: string, notBefore: number | null): void {
  if (memo.size >= MAX_MEMO) memo.clear();
  memo.set(userId, { notBefore, until: Date.now() + MEMO_MS });
}

async function epochOf(env: AppEnv, userId: string): Promise<number | null> {
  const now = Date.now();
  const known = memo.get(userId);
  if (known && known.until > now) return known.notBefore;
  const notBefore = await tokenEpoch(env, await subjectHash(userId));
  rememberEpoch(userId, notBefore);
  return notBefore;
}

/**
 * Refuses a token issued before its subject's epoch. A token with no `iat` cannot prove it is newer,
 * so it is refused too once an epoch exists.
 */
export async function assertTokenCurrent(env: AppEnv, userId: string, issuedAtSeconds: number | undefined) {
  const notBefore = await epochOf(env, userId);
  if (notBefore === null) return;
  if (issuedAtSeconds === undefined || issuedAtSeconds * 1000 < notBefore) {
    throw new UnauthorizedError("this token was issued before the account was erased");
  }
}
