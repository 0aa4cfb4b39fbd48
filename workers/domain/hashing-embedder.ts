import { hasHangul, words } from "./text";

/**
 * Signed feature hashing ("the hashing trick", Weinberger et al. 2009) over word unigrams, word
 * bigrams and character n-grams, then L2 normalisation. Deterministic, no vocabulary and no
 * weights to download, so it runs anywhere; character n-grams make it robust to inflection
 * ("meeting"/"meetings") and to Korean particles ("회의를"/"회의에서").
 */
export type HashingOptions = { dimensions: number };

const WORD_WEIGHT = 1;
const BIGRAM_WEIGHT = 0.7;
const CHAR_WEIGHT = 0.35;

/** FNV-1a over UTF-16 code units, 32-bit. */
function fnv1a(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Final avalanche (murmur3 fmix32) so the sign bit is independent of the bucket. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Each feature with its kind's weight and its term frequency, kept apart so tf can be damped alone. */
export function features(text: string): Map<string, { weight: number; tf: number }> {
  const out = new Map<string, { weight: number; tf: number }>();
  const add = (key: string, weight: number) => {
    const feature = out.get(key);
    if (feature) feature.tf++;
    else out.set(key, { weight, tf: 1 });
  };
  const ws = words(text);
  ws.forEach((w, i) => {
    add(`w:${w}`, WORD_WEIGHT);
    if (i > 0) add(`b:${ws[i - 1]} ${w}`, BIGRAM_WEIGHT);
    const padded = `<${w}>`;
    const sizes = hasHangul(w) ? [2, 3] : [3, 4];
    for (const n of sizes) {
      for (let j = 0; j + n <= padded.length; j++) add(`c${n}:${padded.slice(j, j + n)}`, CHAR_WEIGHT);
    }
  });
  return out;
}

export function hashEmbed(text: string, { dimensions }: HashingOptions): number[] {
  const vec = new Float64Array(dimensions);
  for (const [key, { weight, tf }] of features(text)) {
    const h = fnv1a(key);
    const sign = mix(h) & 1 ? 1 : -1;
    // sublinear term frequency keeps one repeated word from dominating the vector; the weight stays
    // outside the log, since 1 + ln(0.35) would turn a single character n-gram into a tiny negative
    vec[h % dimensions]! += sign * weight * (1 + Math.log(tf));
  }
  return l2normalize(Array.from(vec));
}

export function l2normalize(values: number[]): number[] {
  let norm = 0;
  for (const v of values) norm += v * v;
  norm = Math.sqrt(norm);
  return norm === 0 ? values.map(() => 0) : values.map((v) => v / norm);
}
