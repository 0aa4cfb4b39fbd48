import { subjectHash } from "../domain/hash";
import type { AppEnv } from "../env";
import { UnauthorizedError } from "../errors";
import { latestTokenEpoch, tokenEpoch } from "../ports/db/erasure-receipts";

/**
 * Token epochs (API.md: "the user's tokens issued before the erase get 401 afterwards"). D1 holds the
 * epoch by subject hash. Erasures are rare, so each isolate first compares a token with the newest
 * epoch of all (the watermark, one read per isolate per `MEMO_MS` whoever asks): a token issued after
 * it is current without a read of its own. An older token falls back to its subject's epoch, which
 * each isolate also remembers for `MEMO_MS`, so a busy user costs one point read per isolate per
 * `MEMO_MS`, not one per request. The isolate that accepts an erasure learns the new epoch at once
 * (`rememberEpoch`); another isolate learns it within `MEMO_MS`, by either path.
 */
const MEMO_MS = 5_000;
const MAX_MEMO = 10_000;
const memo = new Map<string, { notBefore: number | null; until: number }>();

type Watermark = { latest: number | null; until: number; loading?: Promise<number | null> };
/** `raised`: the newest epoch this isolate accepted itself, never lowered by a read that began before it. */
let watermark: Watermark = { latest: null, until: 0 };
let raised: number | null = null;

const newer = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));

export function rememberEpoch(userId: string, notBefore: number | null): void {
  if (memo.size >= MAX_MEMO) memo.clear();
  memo.set(userId, { notBefore, until: Date.now() + MEMO_MS });
  raised = newer(raised, notBefore);
  watermark.latest = newer(watermark.latest, notBefore);
}

/** Forgets every epoch and the watermark, as a new isolate starts (tests stand in for another isolate). */
export function forgetEpochs(): void {
  memo.clear();
  watermark = { latest: null, until: 0 };
  raised = null;
}

async function epochOf(env: AppEnv, userId: string): Promise<number | null> {
  const now = Date.now();
  const known = memo.get(userId);
  if (known && known.until > now) return known.notBefore;
  const notBefore = await tokenEpoch(env, await subjectHash(userId));
  rememberEpoch(userId, notBefore);
  return notBefore;
}

/** The newest epoch of any subject; requests that find it stale share one read. */
function latestEpoch(env: AppEnv): Promise<number | null> {
  const current = watermark;
  if (current.until > Date.now()) return Promise.resolve(current.latest);
  current.loading ??= latestTokenEpoch(env)
    .then((latest) => {
      watermark = { latest: newer(latest, raised), until: Date.now() + MEMO_MS };
      return watermark.latest;
    })
    .finally(() => (current.loading = undefined));
  return current.loading;
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
