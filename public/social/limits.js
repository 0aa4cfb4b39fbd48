/**
 * The text limits of posts and comments as the API counts them (schemas/social.ts postText): characters,
 * that is code points of the NFC text, trimmed. A Hangul syllable is one however it was typed (NFD jamo
 * compose to one), and so is an emoji, although it is two UTF-16 units.
 */
import { clean } from "../shared/text.js";

export const POST_MAX = 5_000;
export const COMMENT_MAX = 2_000;

export const charactersOf = (text) => [...clean(text)].length;

/**
 * A `messageFor` of showFormProblem: the API checks the limit with a refinement (its code is `custom`),
 * so a text over it is named by the count here, not by the code.
 */
export const limitMessage = (max) => (entry, control) =>
  control?.tagName === "TEXTAREA" && charactersOf(control.value) > max
    ? { key: "field.maxLength", vars: { max: max.toLocaleString("en-US") } }
    : null;
