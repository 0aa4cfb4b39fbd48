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
  if (hasHangul(word)) return word.length > 2 ? word.slice(0, 2) : word;
  // a light English suffix strip ("meetings", "meeting" → "meet"), enough for overlap scoring
  const stripped = word.replace(/(?:ings|ing|edly|ed|es|s|ly)$/, "");
  if (stripped === word || stripped.length < 3) return word;
  return stripped.replace(/([b-df-hj-kmnp-rtv-z])\1$/, "$1"); // "shipped" → "ship"
}

const STOP_WORDS = new Set(
  (
    "a an the and or but if of to in on at by for with from as is are was were be been being do does did " +
    "i me my we our you your he she it its they them their this that these those what which who how why when where " +
    "can could should would will just so than then there here about into not no yes very more most some any all " +
    "그리고 그러나 하지만 그래서 또는 그 이 저 것 수 등 및 좀 더 아주 정말 너무"
  ).split(" "),
);

const isContent = (w: string) => !STOP_WORDS.has(w) && (w.length > 1 || hasHangul(w));

/** Content terms of a text: stemmed words without stop words, for overlap between texts. */
export function terms(text: string): string[] {
  return words(text).filter(isContent).map(stem);
}

/** Content words with their stems, so a theme found by stem can be shown as a real word. */
export function termWords(text: string): { term: string; word: string }[] {
  return words(text)
    .filter(isContent)
    .map((word) => ({ term: stem(word), word }));
}
