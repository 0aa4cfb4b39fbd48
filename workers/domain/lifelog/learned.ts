import type { Category } from "../../../schemas/lifelog";
import type { Pattern } from "./types";

/** A user's correction: the pattern of the event they corrected and the category they chose. */
export type Correction = { pattern: Pattern; category: Category; at: number };
export type Prediction = { category: Category; confidence: number; key: string; specific: boolean };

type KeyOf = { key: string; specific: boolean };

/**
 * The keys a pattern is learned and matched under, most specific first. The thing itself (this app,
 * this place, these title words, this health signal) is specific; the same thing in the same hour band
 * refines it, so "YouTube in the evening" can differ from YouTube at work. An app category or a single
 * title word is general: it teaches about things the user never corrected. The hour band alone is not
 * a key; one corrected evening would otherwise relabel every evening.
 */
function keysOf(pattern: Pattern): KeyOf[] {
  const band = `|band:${pattern.hourBand}`;
  const pair = (key: string, specific: boolean): KeyOf[] => [
    { key: key + band, specific },
    { key, specific },
  ];
  switch (pattern.source) {
    case "screen_time":
      return [
        ...(pattern.app ? pair(`app:${pattern.app}`, true) : []),
        ...(pattern.appCategory ? pair(`appcat:${pattern.appCategory}`, false) : []),
      ];
    case "location":
      return pattern.place ? pair(`place:${pattern.place}`, true) : [];
    case "calendar": {
      const words = pattern.words ?? [];
      if (words.length === 0) return [];
      return [...pair(`words:${words.join(" ")}`, true), ...words.map((w) => ({ key: `word:${w}`, specific: false }))];
    }
    case "health":
      return pattern.healthKind ? pair(`health:${pattern.healthKind}`, true) : [];
    case "manual":
      return [];
  }
}

/** The keys a pattern is stored and matched under, most specific first ("app:youtube|band:evening", "app:youtube"). */
export function patternKeys(pattern: Pattern): string[] {
  return keysOf(pattern).map((k) => k.key);
}

type Tally = Map<Category, { count: number; last: number }>;

/** Conflicting corrections under one key: the category corrected most often, then most recently. */
function winner(tally: Tally): { category: Category; count: number; last: number; total: number } {
  let best: { category: Category; count: number; last: number } | null = null;
  let total = 0;
  for (const [category, t] of tally) {
    total += t.count;
    if (!best || t.count > best.count || (t.count === best.count && t.last > best.last)) best = { category, ...t };
  }
  return { ...best!, total };
}

/**
 * Confidence grows with corrections that agree and shrinks with ones that disagree: one correction of
 * a specific pattern is 0.85, three or more 0.95; a general key tops out at 0.7 so a strong rule about
 * the specific thing still beats it.
 */
function confidenceOf(specific: boolean, count: number, total: number): number {
  const agreement = count / total;
  const strength = specific ? 0.8 + 0.05 * Math.min(count, 3) : 0.5 + 0.05 * Math.min(count, 4);
  return Math.round(strength * agreement * 1000) / 1000;
}

/** The per-user layer taught by corrections; build it once per user and reuse it for every event. */
export class LearnedLayer {
  readonly #tallies = new Map<string, Tally>();

  constructor(corrections: readonly Correction[]) {
    for (const c of corrections)
      for (const { key } of keysOf(c.pattern)) {
        let tally = this.#tallies.get(key);
        if (!tally) this.#tallies.set(key, (tally = new Map()));
        const t = tally.get(c.category) ?? { count: 0, last: -Infinity };
        tally.set(c.category, { count: t.count + 1, last: Math.max(t.last, c.at) });
      }
  }

  get size(): number {
    return this.#tallies.size;
  }

  /**
   * The most specific key the user has taught decides. Among general keys (several title words can
   * each have been taught) the best-supported one decides: more corrections, then the more recent.
   * `specific` tells the caller the lesson is about this very thing and beats the rules outright.
   */
  predict(pattern: Pattern): Prediction | null {
    let general: (ReturnType<typeof winner> & { key: string }) | null = null;
    for (const { key, specific } of keysOf(pattern)) {
      const tally = this.#tallies.get(key);
      if (!tally) continue;
      const w = winner(tally);
      // taught one thing in one hour band and another in another, the thing alone no longer overrides
      // the rules in a band the user never corrected (home is work at 10:00 and rest at 21:00)
      const contradicted = w.count < w.total && !key.includes("|band:");
      if (specific)
        return { category: w.category, confidence: confidenceOf(true, w.count, w.total), key, specific: !contradicted };
      if (!general || w.count > general.count || (w.count === general.count && w.last > general.last))
        general = { ...w, key };
    }
    if (!general) return null;
    const { category, count, total, key } = general;
    return { category, confidence: confidenceOf(false, count, total), key, specific: false };
  }
}
