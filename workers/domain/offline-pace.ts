/**
 * The offline provider's reading pace (#21): its answer is split into word-sized tokens and written at
 * `OFFLINE_TOKENS_PER_SECOND`, so a local run shows an answer arriving the way a hosted model's does.
 * Hosted models stream at their own pace; nothing here touches them. 0 turns pacing off (tests and
 * benchmarks): every token at once, interview job stages back to back.
 */

// a Korean word (eojeol) is often four or five syllables: it streams one or two syllables at a time
const PIECE = /[\uAC00-\uD7A3]{1,2}[^\uAC00-\uD7A3\s]*|[^\uAC00-\uD7A3\s]+/g;

/**
 * Splits text into streaming tokens that join back to it exactly: a word with the whitespace before it
 * (the last one also keeps the whitespace after it); Hangul runs are cut every two syllables, with
 * punctuation or Latin letters after a syllable kept on that piece.
 */
export function paceTokens(text: string): string[] {
  const tokens: string[] = [];
  for (const [segment] of text.matchAll(/(\s*)(\S+)|\s+$/g)) {
    const space = /^\s*/.exec(segment)![0];
    const pieces = segment.slice(space.length).match(PIECE) ?? [];
    if (pieces.length === 0) {
      // trailing whitespace only
      if (tokens.length > 0) tokens[tokens.length - 1] += segment;
      else tokens.push(segment);
      continue;
    }
    pieces[0] = space + pieces[0];
    tokens.push(...pieces);
  }
  return tokens;
}

export type Wait = (ms: number) => Promise<unknown>;

/** Yields `tokens` at `tokensPerSecond` (the first at once); 0 or less yields them all without waiting. */
export async function* paced(tokens: Iterable<string>, tokensPerSecond: number, wait: Wait): AsyncGenerator<string> {
  const interval = tokensPerSecond > 0 ? 1000 / tokensPerSecond : 0;
  let first = true;
  for (const token of tokens) {
    if (!first && interval > 0) await wait(interval);
    first = false;
    yield token;
  }
}

/** How many tokens' time one interview job stage lasts at least when the offline provider answers. */
export const STAGE_TOKENS = 20;
const STAGE_MAX_MS = 3000;

/** The shortest time an offline job stage is shown (≈ 670 ms at 30 tokens/s); 0 when pacing is off. */
export function stagePauseMs(tokensPerSecond: number): number {
  if (!(tokensPerSecond > 0)) return 0;
  return Math.min(STAGE_MAX_MS, Math.round((STAGE_TOKENS * 1000) / tokensPerSecond));
}
