import type { Recommendations } from "../../schemas/events";

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
