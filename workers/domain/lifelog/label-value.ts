/**
 * The cohort key of a label value (`user_labels.value_key`): NFKC folds compatibility forms
 * (full-width "ＡＣＭＥ", half-width katakana, decomposed Hangul jamo) into one spelling, then case and
 * surrounding or repeated whitespace stop mattering. "서울대학교", " 서울대학교 " and the jamo
 * sequence of the same word are one cohort; so are "Software  Engineer" and "software engineer".
 * Whoever writes `value_key` and whoever looks a cohort up must use this one function.
 */
export function labelValueKey(value: string): string {
  return value.normalize("NFKC").toLowerCase().trim().replace(/\s+/gu, " ");
}
