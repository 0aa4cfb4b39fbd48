import { LEADERSHIP_TYPE_LABELS } from "../../schemas/assessment";
import type { CoachType } from "../../schemas/coach";
import type { ChatMessage } from "../../schemas/llm";
import { hasHangul } from "./text";

/**
 * What users call each style by, in both languages; "coaching" alone is too common to count. The
 * other Korean renderings of Goleman's names (친화형, 선도형) are recognised but never written.
 */
const ALIASES: Record<CoachType, RegExp> = {
  visionary: /visionary|비전형/i,
  coaching: /coaching (?:style|leader|type)|코칭형/i,
  affiliative: /affiliative|관계형|친화형/i,
  democratic: /democratic|민주형/i,
  pacesetting: /pace-?setting|pacesetter|솔선형|선도형/i,
  commanding: /commanding|지시형/i,
};

export const TYPE_NAMES = Object.fromEntries(
  (Object.keys(ALIASES) as CoachType[]).map((t) => [t, { ...LEADERSHIP_TYPE_LABELS[t], aliases: ALIASES[t] }]),
) as Record<CoachType, { en: string; ko: string; aliases: RegExp }>;

export function typesNamedIn(text: string): CoachType[] {
  return (Object.keys(TYPE_NAMES) as CoachType[]).filter((t) => TYPE_NAMES[t].aliases.test(text));
}

/** Rough token count for budgeting: ~4 characters per token in English, ~1.5 per token in Korean. */
export function estimateTokens(text: string): number {
  let hangul = 0;
  for (const ch of text) if (hasHangul(ch)) hangul++;
  return Math.ceil(hangul / 1.5 + (text.length - hangul) / 4);
}

/** The most recent turns that fit the budget, oldest first. */
export function trimHistory(history: ChatMessage[], budgetTokens: number): ChatMessage[] {
  const kept: ChatMessage[] = [];
  let used = 0;
  for (let i = history.length - 1; i >= 0; i--) {
    const cost = estimateTokens(history[i]!.content) + 4;
    if (used + cost > budgetTokens) break;
    kept.unshift(history[i]!);
    used += cost;
  }
  return kept;
}

export type ContextChunk = { source: string; title: string; section: string; text: string };

/**
 * The coach's prompt: a system message with the user's style and numbered knowledge excerpts, the
 * trimmed history, then the question. The model is told to answer in the question's language and
 * to cite excerpts by number, so citations map back to sources.
 */
export function buildCoachPrompt(input: {
  question: string;
  type: CoachType | null;
  context: ContextChunk[];
  history: ChatMessage[];
  historyBudget: number;
}): ChatMessage[] {
  const ko = hasHangul(input.question);
  const style = input.type
    ? `${TYPE_NAMES[input.type].en} (${TYPE_NAMES[input.type].ko})`
    : ko
      ? "미정"
      : "not assessed yet";
  const excerpts = input.context.map((c, i) => `[${i + 1}] ${c.title} — ${c.section}\n${c.text}`).join("\n\n");
  const system = [
    "You are Edge Coach, a warm, direct leadership coach.",
    `The person's leadership style: ${style}.`,
    "Answer from the knowledge excerpts below; cite them as [1], [2]. If they do not cover the question, say so briefly and give your best general advice.",
    "Keep answers practical: at most three concrete steps or questions to reflect on.",
    ko ? "Answer in Korean (한국어로 답하세요)." : "Answer in the language of the question.",
  ].join("\n");
  // instructions and excerpts in separate messages: the offline provider never quotes the first
  return [
    { role: "system", content: system },
    { role: "system", content: `Knowledge excerpts:\n${excerpts || "(none found)"}` },
    ...trimHistory(input.history, input.historyBudget),
    { role: "user", content: input.question },
  ];
}
