import type { Recommendations } from "../../schemas/events";
import { logRejection } from "../../workers/log";

/** Distinct recommendation queries (limit, category) a user's actor keeps answers for. */
const KEYS = 16;

type Entry = { catalogue: string; tasteVersion: number; value: Recommendations };

/**
 * Recent answers per query, in memory. An answer counts only while both the user's taste version
 * and the catalogue's index version are the ones it was computed for, so a hit is exactly what a
 * fresh computation would give.
 */
export class RecommendationCache {
  private readonly answers = new Map<string, Entry>();

  /** Whether an answer computed for this taste is kept (it still counts only if the catalogue is unchanged). */
  has(key: string, tasteVersion: number): boolean {
    return this.answers.get(key)?.tasteVersion === tasteVersion;
  }

  /**
   * A kept answer when one still counts, else `compute()`'s, kept when it is fully personal (trending
   * fill-ins change with other users' events). `tasteVersion` is read again after every wait.
   * `catalogueVersion` is asked before computing only when an answer for this taste is held;
   * otherwise it is asked together with the computation, and `compute` must send its index calls
   * after it through the same stub, so an answer is never kept under a version newer than its state.
   * `compute` must read the taste before its first wait.
   */
  async answer(
    key: string,
    tasteVersion: () => number,
    catalogueVersion: () => Promise<string | null>,
    compute: () => Promise<Recommendations>,
  ): Promise<Recommendations> {
    let catalogue: Promise<string | null>;
    if (this.has(key, tasteVersion())) {
      const version = await catalogueVersion();
      // the version and the taste it is checked against are read in one synchronous step
      const hit = version !== null ? this.get(key, version, tasteVersion()) : undefined;
      if (hit) return hit;
      catalogue = Promise.resolve(version);
    } else {
      // without a version the answer is still returned, only not kept
      catalogue = catalogueVersion().catch(logRejection("catalogue version unavailable; answer not cached", {}, null));
    }
    const computedFor = tasteVersion();
    const value = await compute();
    const version = await catalogue;
    if (version !== null && value.strategy === "personalized")
      this.put(key, { catalogue: version, tasteVersion: computedFor, value });
    return value;
  }

  get(key: string, catalogue: string, tasteVersion: number): Recommendations | undefined {
    const hit = this.answers.get(key);
    return hit && hit.catalogue === catalogue && hit.tasteVersion === tasteVersion ? hit.value : undefined;
  }

  put(key: string, entry: Entry): void {
    this.answers.delete(key);
    this.answers.set(key, entry);
    if (this.answers.size > KEYS) this.answers.delete(this.answers.keys().next().value!);
  }
}
