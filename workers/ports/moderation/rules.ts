import type { Moderator, Verdict } from "./index";

/**
 * The default rule set, for Korean and English alike (text is compared after NFKC and lower-casing, so
 * full-width letters and compatibility jamo count as their plain forms):
 * - a word from the lists below → rejected (`word_list`);
 * - a link (scheme, www., or a bare domain with a common top-level domain) → pending (`link`): links are the
 *   spam that reaches comment boxes, but a person may post a legitimate one, so a moderator decides;
 * - the same character 8 or more times in a row ("ㅋㅋㅋㅋㅋㅋㅋㅋ", "!!!!!!!!", "soooooooo") → pending
 *   (`repeated_characters`);
 * - otherwise approved.
 */
export const REPEAT_LIMIT = 8;

/**
 * Insults and slurs. English words match at the start of a word ("fucking" too, "shitake" not: see
 * ENGLISH); Korean ones anywhere, also with spaces or dots between syllables ("씨 발"). Kept short on
 * purpose; "시발" is left out because it is also the start of 시발점 ("starting point").
 */
export const BLOCKED_ENGLISH = ["fuck", "shit", "bitch", "asshole", "bastard", "retard", "cunt"] as const;
export const BLOCKED_KOREAN = [
  "씨발",
  "씨바",
  "ㅅㅂ",
  "병신",
  "ㅂㅅ",
  "개새끼",
  "좆",
  "지랄",
  "미친놈",
  "미친년",
] as const;
const ENGLISH = new RegExp(`\\b(?:${BLOCKED_ENGLISH.join("|")})(?:s|es|ed|er|ers|ing|ty|y|head|hole)?\\b`, "iu");

const LINK =
  /(?:\b[a-z][a-z0-9+.-]*:\/\/|\bwww\.|\b[a-z0-9-]+\.(?:com|net|org|io|ly|me|kr|co|xyz|info|biz|link|site|shop)\b)/iu;
const REPEATED = new RegExp(`(.)\\1{${REPEAT_LIMIT - 1},}`, "su");

const normal = (text: string) => text.normalize("NFKC").toLowerCase();
/** The list as the text is compared: NFKC turns compatibility jamo (ㅅㅂ) into conjoining ones. */
const KOREAN = BLOCKED_KOREAN.map(normal);
/** Spaces, dots and the like between letters ("f.u.c.k", "씨 발") do not hide a word. */
const squeezed = (text: string) => text.replace(/[\s\p{P}\p{S}_]+/gu, "");

export function moderate(text: string): Verdict {
  const plain = normal(text);
  const tight = squeezed(plain);
  if (ENGLISH.test(plain) || KOREAN.some((word) => tight.includes(word)))
    return { moderation: "rejected", reason: "word_list" };
  if (LINK.test(plain)) return { moderation: "pending", reason: "link" };
  if (REPEATED.test(plain)) return { moderation: "pending", reason: "repeated_characters" };
  return { moderation: "approved", reason: null };
}

export const ruleModerator: Moderator = { check: async (text) => moderate(text) };
