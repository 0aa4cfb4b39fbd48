/** Text helpers shared by the embedder and the offline provider; Hangul-aware throughout. */

const HANGUL = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/;

export const hasHangul = (text: string): boolean => HANGUL.test(text);

export const normalize = (text: string): string => text.normalize("NFKC").toLowerCase();

/** Words are maximal runs of letters, marks and digits in any script. */
export function words(text: string): string[] {
  return normalize(text).match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
}

/**
 * Sentence split on Latin and CJK terminators and on line breaks. Korean sentences mostly end
 * in "다." / "요." which the period already covers; "。" and "！" appear in pasted CJK text.
 */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?。！？])\s+|\n+/u)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * Korean attaches particles to nouns ("회의를", "회의에서"), so two Hangul words share meaning when
 * they share a leading syllable pair; matching on that stem is the offline equivalent of a stemmer.
 */
export function stem(word: string): string {
  return hasHangul(word) && word.length > 2 ? word.slice(0, 2) : word;
}
