/** Text as the API measures it, for the forms that count characters or split tags before sending. */

/**
 * What is sent: NFC, so Hangul pasted decomposed (NFD, one jamo per code point) counts one per
 * syllable, and trimmed, as the server trims before it checks the length.
 */
export const clean = (text) => text.normalize("NFC").trim();

/**
 * The length the server's limit measures: zod's max() counts UTF-16 code units, so a Hangul
 * syllable is 1 and most emoji are 2. Counting anything else would let the counter say "fits"
 * for text the API then rejects.
 */
export const lengthOf = (text) => clean(text).length;

/** "회의, 리더십，코칭" → ["회의", "리더십", "코칭"]; full-width and ideographic commas too. */
export const parseTags = (text) =>
  [...new Set(text.split(/[,，、]/).map((tag) => clean(tag)))].filter((tag) => tag.length > 0);
