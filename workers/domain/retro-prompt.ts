import type { ChatMessage } from "../../schemas/llm";
import { withJosa } from "./josa";
import { contentWords, hasHangul } from "./text";

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

/** An entry as the memory of past entries sees it. */
export type Written = { content: string; createdAt: Date };

const WINDOW = 5;
const RECURRING = 3;
const WEEK_MS = 7 * 86_400_000;

/**
 * A theme shared by the last five entries (this one included): a content word of this entry that
 * also appears in enough of the four before it to make three or more. Ties go to the word that comes
 * first in this entry.
 */
export function recurringTheme(current: Written, past: Written[]) {
  const window = [current, ...past.slice(0, WINDOW - 1)];
  const keysOf = window.map((e) => new Set(contentWords(e.content).map((w) => w.key)));
  let best: { word: string; count: number; withinWeek: boolean } | null = null;
  for (const { key, word } of contentWords(current.content)) {
    const holding = window.filter((_, i) => keysOf[i]!.has(key));
    if (holding.length < RECURRING || (best && holding.length <= best.count)) continue;
    const withinWeek = holding.every((e) => current.createdAt.getTime() - e.createdAt.getTime() < WEEK_MS);
    best = { word, count: holding.length, withinWeek };
  }
  return best && { ...best, entries: window.length };
}

const KO_ORDINAL = ["", "첫", "두", "세", "네", "다섯"];
const KO_COUNT = ["", "한", "두", "세", "네", "다섯"];
const EN_ORDINAL = ["", "First", "Second", "Third", "Fourth", "Fifth"];
const EN_COUNT = ["", "one", "two", "three", "four", "five"];

/** The memory line: "이번 주 세 번째로 '요청'이 나왔어요…" / "Third time this week: 'help'…". */
export function recurringNote(current: Written, past: Written[], ko: boolean): string | null {
  const theme = recurringTheme(current, past);
  if (!theme) return null;
  const quoted = `'${theme.word}'`;
  if (ko) {
    const when = theme.withinWeek ? "이번 주" : `최근 회고 ${KO_COUNT[theme.entries]} 편 중`;
    return `${when} ${KO_ORDINAL[theme.count]} 번째로 ${withJosa(quoted, "이/가")} 나왔어요. 되풀이되는 주제이니 다음 주에는 이 일에 먼저 시간을 따로 잡아 보세요.`;
  }
  const when = theme.withinWeek ? "this week" : `in your last ${EN_COUNT[theme.entries]} entries`;
  return `${EN_ORDINAL[theme.count]} time ${when}: ${quoted} comes up again. It keeps returning, so give it its own slot next week.`;
}
