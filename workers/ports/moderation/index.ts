import type { Moderation } from "../../../schemas/social";
import { ruleModerator } from "./rules";

/** A moderation decision: `approved` is shown to everyone, `pending` and `rejected` to the author only. */
export type Verdict = { moderation: Moderation; reason: string | null };

/** Decides a comment's state before it is stored. Adapters (an outside classifier) plug in here. */
export interface Moderator {
  check(text: string): Promise<Verdict>;
}

/** The default moderator: the rule set in rules.ts (links, repeated characters, a Korean and English word list). */
export function createModerator(): Moderator {
  return ruleModerator;
}
