/**
 * Cue words the offline provider uses to sort sentences into strengths, weaknesses and actions.
 * Korean cues are stems, because particles and endings attach to them ("잘했다", "잘 되었다").
 */
export type Cue = "positive" | "negative" | "action";

export const CUES: Record<Cue, { en: string[]; ko: string[] }> = {
  positive: {
    en: [
      "good",
      "well",
      "great",
      "achieved",
      "finished",
      "completed",
      "improved",
      "success",
      "proud",
      "learned",
      "helped",
      "shipped",
      "solved",
      "enjoyed",
    ],
    ko: ["잘", "성공", "완료", "달성", "개선", "배웠", "배운", "뿌듯", "좋았", "해결", "칭찬", "성장"],
  },
  negative: {
    en: [
      "but",
      "however",
      "failed",
      "struggled",
      "late",
      "missed",
      "problem",
      "difficult",
      "mistake",
      "couldn't",
      "could not",
      "didn't",
      "forgot",
      "stuck",
      "slow",
      "tired",
    ],
    ko: ["못", "실패", "어려", "문제", "늦", "실수", "부족", "아쉬", "놓쳤", "지쳤", "힘들", "막혔"],
  },
  action: {
    en: ["will", "should", "next", "plan", "try", "need to", "going to", "want to", "tomorrow"],
    ko: ["다음", "계획", "해야", "하겠", "시도", "내일", "할 것", "하려고", "목표"],
  },
};

export function cueScore(sentence: string, cue: Cue): number {
  const s = sentence.toLowerCase();
  const { en, ko } = CUES[cue];
  let score = 0;
  for (const w of en) if (new RegExp(`\\b${w}\\b`).test(s)) score++;
  for (const w of ko) if (s.includes(w)) score++;
  return score;
}

/** Maps a field name of a structured output to the cue that fills it. */
export function cueForField(field: string): Cue | undefined {
  const f = field.toLowerCase();
  if (/strength|positive|keep|went ?well|good/.test(f)) return "positive";
  if (/weak|problem|risk|concern|gap|improve/.test(f)) return "negative";
  if (/recommend|action|next|suggest|step|plan|todo/.test(f)) return "action";
  return undefined;
}

export const OFFLINE_LABEL = { en: "[Offline answer]", ko: "[오프라인 응답]" } as const;

export const OFFLINE_PHRASES = {
  en: {
    reflect: "Running without a language model, so here is what stands out in what you wrote:",
    address: "Work on this next:",
    noSignal: "Nothing specific stood out; add a concrete example to get sharper feedback.",
  },
  ko: {
    reflect: "언어 모델 없이 동작 중이라, 작성하신 내용에서 눈에 띄는 부분을 정리했습니다:",
    address: "다음에 개선할 점:",
    noSignal: "특별히 눈에 띄는 내용이 없습니다. 구체적인 예시를 더하면 더 정확한 피드백을 받을 수 있습니다.",
  },
} as const;
