import type { ChatMessage } from "../../schemas/llm";
import { hasHangul } from "./text";

export type PastEntry = { date: string; purpose: string; summary: string | null; weaknesses: string[] };

/**
 * The feedback prompt. Past entries go in the system message so the model can name recurring
 * patterns; the entry itself is the last user message, which is also all the offline provider
 * extracts from.
 */
export function buildFeedbackPrompt(
  entry: { purpose: string; content: string; mood: number | null; tags: string[] },
  past: PastEntry[],
): ChatMessage[] {
  const ko = hasHangul(entry.purpose + entry.content);
  const history = past.length
    ? past
        .map(
          (p) =>
            `- ${p.date} "${p.purpose}": ${p.summary ?? "(no feedback)"}${p.weaknesses.length ? ` | weaknesses: ${p.weaknesses.join("; ")}` : ""}`,
        )
        .join("\n")
    : "(this is their first retrospective)";
  const system = [
    "You are an honest, kind growth coach reviewing a personal retrospective.",
    "Return JSON with: summary (2-3 sentences), strengths, weaknesses, keepDoing, recommendations.",
    "Every recommendation must be concrete and actionable: what to do, when, and how to tell it worked.",
    "If an earlier entry shows the same weakness, name the recurring pattern explicitly.",
    entry.mood !== null ? `Their mood was ${entry.mood}/5.` : "",
    entry.tags.length ? `Tags: ${entry.tags.join(", ")}.` : "",
    ko ? "Write every field in Korean (한국어로 작성하세요)." : "Write in the language of the entry.",
    "",
    "Their recent retrospectives:",
    history,
  ]
    .filter((line) => line !== "")
    .join("\n");
  return [
    { role: "system", content: system },
    { role: "user", content: `${entry.purpose}\n\n${entry.content}` },
  ];
}

/** The offline provider cannot read mood, so the summary gets a mood line in the entry's language. */
export function moodNote(mood: number | null, ko: boolean): string | null {
  if (mood === null) return null;
  if (mood <= 2)
    return ko
      ? `기분 점수가 ${mood}/5로 낮았습니다. 스스로에게 너그러워지세요.`
      : `Your mood was low (${mood}/5); go easy on yourself.`;
  if (mood >= 4) return ko ? `기분 점수 ${mood}/5: 좋은 흐름을 이어가세요.` : `Mood ${mood}/5: keep the momentum.`;
  return null;
}
