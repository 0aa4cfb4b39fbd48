import { subjectHash } from "../domain/hash";
import type { AppEnv } from "../env";
import { UnauthorizedError } from "../errors";
import { latestTokenEpoch, tokenEpoch } from "../ports/db/erasure-receipts";

/**
 * Token epochs (API.md: "the user's tokens issued before the erase get 401 afterwards"). D1 holds the
 * epoch by subject hash. Erasures are rare, so each isolate first compares a token with the newest
 * epoch of all (the watermark, read once per isolate per `MEMO_MS` whoever asks): a token issued after
 * it is current without a read of its own. An older token falls back to its subject's epoch, which
 * each isolate also remembers for `MEMO_MS`, so a busy user costs one point read per isolate per
 * `MEMO_MS`, not one per request. The isolate that accepts an erasure learns the new epoch at once
 * (`rememberEpoch`); another isolate learns it within `MEMO_MS`, by either path.
 */
const MEMO_MS = 5_000;
const MAX_MEMO = 10_000;
const memo = new Map<string, { notBefore: number | null; until: number }>();

/**
 * This isolate's copy of the newest epoch. Epochs only rise (`openErasure` keeps the larger, nothing
 * deletes one), so the copy only rises too: a read that began before this isolate accepted an erasure
 * cannot lower it.
 */
let watermark: { latest: number | null; until: number } = { latest: null, until: 0 };

const newer = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));

export function rememberEpoch(userId: string, notBefore: number | null): void {
  if (memo.size >= MAX_MEMO) memo.clear();
  memo.set(userId, { notBefore, until: Date.now() + MEMO_MS });
  watermark.latest = newer(watermark.latest, notBefore);
}

/** Forgets every epoch and the watermark, as a new isolate starts (tests stand in for another isolate). */
export function forgetEpochs(): void {
  memo.clear();
  watermark = { latest: null, until: 0 };
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
 * The newest epoch of any subject. A request that finds it stale reads it itself, even while another
 * request's read is in flight: a read shared across requests resumes the others in the reader's
 * request context, and the runtime then refuses their own I/O ("Cannot perform I/O on behalf of a
 * different request", seen under `wrangler dev` at 50 connections).
 */
async function latestEpoch(env: AppEnv): Promise<number | null> {
  if (watermark.until > Date.now()) return watermark.latest;
  const latest = await latestTokenEpoch(env);
  watermark = { latest: newer(latest, watermark.latest), until: Date.now() + MEMO_MS };
  return watermark.latest;
}

/**
 * Refuses a token issued before its subject's epoch. A token with no `iat` cannot prove it is newer,
 * so it is refused too once an epoch exists.
 */
export async function assertTokenCurrent(env: AppEnv, userId: string, issuedAtSeconds: number | undefined) {
  if (issuedAtSeconds !== undefined) {
    const latest = await latestEpoch(env);
    if (latest === null || issuedAtSeconds * 1000 >= latest) return;
  }
  const notBefore = await epochOf(env, userId);
  if (notBefore === null) return;
  if (issuedAtSeconds === undefined || issuedAtSeconds * 1000 < notBefore) {
    throw new UnauthorizedError("this token was issued before the account was erased");
  }
}
