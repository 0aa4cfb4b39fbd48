/**
 * Cue words the offline provider uses to sort sentences into strengths, weaknesses and actions.
 * Korean cues are stems, because particles and endings attach to them ("잘했다", "잘 되었다").
 */
export type Cue = "positive" | "negative" | "action" | "regret" | "habit";

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
      "on time",
      "early",
      "ahead",
      "smoothly",
      "delivered",
      "fixed",
      "handled",
      "managed to",
      "praised",
      "thanked",
      "glad",
      "happy",
      "worked",
      "progress",
      "launched",
      "clear",
      "listened",
      "supported",
      "mentored",
      "encouraged",
      "resolved",
      "unblocked",
      "organized",
      "organised",
      "prepared",
    ],
    ko: [
      "잘",
      "성공",
      "완료",
      "달성",
      "개선",
      "배웠",
      "배운",
      "뿌듯",
      "좋았",
      "해결",
      "칭찬",
      "성장",
      "마쳤",
      "끝냈",
      "해냈",
      "지켰",
      "여유",
      "덕분",
      "만족",
      "기뻤",
      "감사",
      "순조",
      "원활",
      "일찍",
      "미리",
      "도왔",
      "들어 주",
      "들어줬",
      "반영",
      "출시",
      "빠르게",
      "끝까지",
      "명확",
      "격려",
      "공유했",
      "정리했",
    ],
  },
  negative: {
    en: [
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
      "never",
      "interrupting",
      "interrupted",
      "overwhelmed",
      "stressed",
      "distracted",
      "procrastinated",
      "postponed",
      "delayed",
      "frustrated",
      "rushed",
      "ran over",
      "conflict",
      "wasted",
      "worried",
      "anxious",
      "confused",
      "too much",
      "too many",
    ],
    ko: [
      "못",
      "실패",
      "어려",
      "문제",
      "늦",
      "실수",
      "부족",
      "아쉬",
      "놓쳤",
      "지쳤",
      "힘들",
      "막혔",
      "떨어졌",
      "길어",
      "급하게",
      "않고",
      "않았",
      "안 했",
      "혼자",
      "떠안",
      "미뤘",
      "미루",
      "지연",
      "밀렸",
      "불안",
      "스트레스",
      "피곤",
      "번아웃",
      "갈등",
      "짜증",
      "소홀",
    ],
  },
  action: {
    en: ["will", "should", "next", "plan", "try", "need to", "going to", "want to", "tomorrow"],
    ko: ["다음", "계획", "해야", "하겠", "시도", "내일", "할 것", "하려고", "목표"],
  },
  /** Regret and should-have forms: whatever else a sentence says, these make it something to improve. */
  regret: {
    en: [
      "i wish",
      "wish i",
      "should have",
      "should've",
      "shouldn't have",
      "could have",
      "could've",
      "didn't",
      "did not",
      "failed to",
      "missed",
      "too late",
      "regret",
      "if only",
      "couldn't",
      "could not",
      "wasn't able",
      "forgot",
    ],
    ko: [
      "으면 좋았",
      "좋았을",
      "텐데",
      "더라면",
      "아쉬웠",
      "아쉽",
      "아쉬움",
      "못했",
      "못 했",
      "하지 못",
      "지 못",
      "놓쳤",
      "놓친",
      "후회",
      "어야 했",
    ],
  },
  /** Practices repeated over time: positive sentences with these are habits to keep. */
  habit: {
    en: ["every", "daily", "weekly", "always", "regularly", "routine", "habit", "consistently", "kept", "each day"],
    ko: ["매일", "매주", "꾸준", "항상", "습관", "루틴", "정기적", "계속"],
  },
};

export function cueScore(sentence: string, cue: Cue): number {
  const s = sentence.toLowerCase().replace(/[’‘]/g, "'");
  const { en, ko } = CUES[cue];
  let score = 0;
  for (const w of en) if (new RegExp(`(?<![\\w'])${w}(?![\\w'])`).test(s)) score++;
  for (const w of ko) if (s.includes(w)) score++;
  return score;
}

/** Maps a field name of a structured output to the cue that fills it. */
export function cueForField(field: string): Cue | undefined {
  const f = field.toLowerCase();
  if (/keep|habit/.test(f)) return "habit";
  if (/strength|positive|went ?well|good/.test(f)) return "positive";
  if (/weak|problem|risk|concern|gap|improve/.test(f)) return "negative";
  if (/recommend|action|next|suggest|step|plan|todo/.test(f)) return "action";
  return undefined;
}

export const OFFLINE_LABEL = { en: "[Offline answer]", ko: "[오프라인 응답]" } as const;

export const OFFLINE_PHRASES = {
  en: {
    reflect: "Running without a language model, so here is what stands out in what you wrote:",
    noSignal: "Nothing specific stood out; add a concrete example to get sharper feedback.",
    empty: {
      positive: "No clear strength stood out in this entry.",
      negative: "No clear weakness stood out in this entry.",
      habit: "No habit to keep stood out in this entry.",
      action: "Nothing in this entry calls for a change, so there is no recommendation this time.",
    },
  },
  ko: {
    reflect: "언어 모델 없이 동작 중이라, 작성하신 내용에서 눈에 띄는 부분을 정리했습니다:",
    noSignal: "특별히 눈에 띄는 내용이 없습니다. 구체적인 예시를 더하면 더 정확한 피드백을 받을 수 있습니다.",
    empty: {
      positive: "이번 회고에서는 뚜렷한 강점 문장을 찾지 못했어요.",
      negative: "이번 회고에서는 뚜렷한 아쉬운 점을 찾지 못했어요.",
      habit: "이번 회고에서는 이어 갈 습관을 따로 찾지 못했어요.",
      action: "이번 회고에는 바꿀 점이 드러나지 않아 따로 권할 것이 없어요.",
    },
  },
} as const;

/**
 * The sentences the offline provider writes when a section has nothing to say (and the older
 * "nothing stood out"): reports and themes skip them, since they say nothing about the person.
 */
const PLACEHOLDERS: ReadonlySet<string> = new Set(
  (["en", "ko"] as const).flatMap((lang) => [
    OFFLINE_PHRASES[lang].noSignal,
    ...Object.values(OFFLINE_PHRASES[lang].empty),
  ]),
);
export const isPlaceholder = (text: string): boolean => PLACEHOLDERS.has(text.trim());
