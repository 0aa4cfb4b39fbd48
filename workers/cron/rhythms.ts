import type { AppEnv } from "../env";
import { visibilityAfter } from "../ports/db/rhythms";
import { syncRhythms } from "../services/rhythms";

/** People per page: a page reads at most this many × 28 day rows. */
export const RHYTHM_PAGE = 50;

/**
 * Nightly: walks everyone who set a visibility, a keyset page at a time, upserting the rhythm vector
 * of each person who chose `anonymized_timeline` and deleting the vectors of everyone else, so an
 * opt-out (or a missed night) is cleaned up by the next run that completes.
 */
export async function refreshRhythms(env: AppEnv, now: Date): Promise<{ upserted: number; removed: number }> {
  const total = { upserted: 0, removed: 0 };
  for (let after = ""; ;) {
    const page = await visibilityAfter(env, after, RHYTHM_PAGE);
    if (page.length === 0) break;
    const done = await syncRhythms(env, page, now);
    total.upserted += done.upserted;
    total.removed += done.removed;
    if (page.length < RHYTHM_PAGE) break;
    after = page.at(-1)!.userId;
  }
  return total;
}
