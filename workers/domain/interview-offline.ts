import type { InterviewQuestions, LearningPath } from "../../schemas/interview";
import { withJosa } from "./josa";
import { weekPlan } from "./learning-path";
import { hasHangul, sentences } from "./text";

/**
 * Extractive interview prep for the offline provider: questions probe the resume's own sentences
 * (achievements with numbers or action verbs) and declared skills; nothing is invented beyond
 * fixed, labelled templates.
 */
export type Analysis = { skills: string[]; highlights: string[]; ko: boolean };

const ACTION =
  /\b(led|built|designed|shipped|launched|improved|reduced|increased|migrated|owned|managed|mentored|scaled|automated)\b|이끌|개발|설계|출시|개선|단축|증가|전환|담당|관리|구축|자동화/i;

export function analyseResume(content: string, skills: string[]): Analysis {
  const all = sentences(content).filter((s) => s.length >= 12 && s.length <= 400);
  const scored = all.map((s, i) => ({ s, i, score: (ACTION.test(s) ? 2 : 0) + (/\d/.test(s) ? 1 : 0) }));
  const highlights = scored
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .slice(0, 12)
    .map((x) => x.s);
  const declared = [...new Set(skills.map((s) => s.trim()).filter(Boolean))];
  return { skills: declared, highlights: highlights.length ? highlights : all.slice(0, 6), ko: hasHangul(content) };
}

const T = {
  en: {
    label: "[Offline]",
    technical: (skill: string) => `How have you used ${skill} in production, and what trade-offs did you weigh?`,
    behavioural: (s: string) => `Walk me through this: "${s}" What was your role, and what would you do differently?`,
    situational: (skill: string) =>
      `Imagine a critical ${skill} component fails the night before a release. What do you do first?`,
    outline: [
      "Context and your responsibility",
      "The decision and the alternatives you considered",
      "Measurable result",
      "What you learned",
    ],
  },
  ko: {
    label: "[오프라인]",
    technical: (skill: string) =>
      `실무에서 ${withJosa(skill, "을/를")} 어떻게 사용했고, 어떤 트레이드오프를 고려했나요?`,
    behavioural: (s: string) =>
      `다음 경험을 설명해 주세요: "${s}" 본인의 역할은 무엇이었고, 다시 한다면 무엇을 바꾸겠습니까?`,
    situational: (skill: string) => `배포 전날 밤 핵심 ${skill} 구성 요소에 장애가 났다면 가장 먼저 무엇을 하겠습니까?`,
    outline: ["상황과 나의 책임", "결정과 고려한 대안", "측정 가능한 결과", "배운 점"],
  },
} as const;

export function offlineQuestions(a: Analysis, count: number, level: "junior" | "mid" | "senior"): InterviewQuestions {
  const t = T[a.ko ? "ko" : "en"];
  const difficulty = level === "junior" ? "easy" : level === "mid" ? "medium" : "hard";
  const skills = a.skills.length ? a.skills : a.ko ? ["주요 기술"] : ["your main technology"];
  const out: InterviewQuestions["questions"] = [];
  for (let i = 0; out.length < count && i < count * 3; i++) {
    const kind = i % 3;
    const skill = skills[Math.floor(i / 3) % skills.length]!;
    const highlight = a.highlights[Math.floor(i / 3) % Math.max(1, a.highlights.length)] ?? skill;
    const q =
      kind === 0
        ? { question: t.technical(skill), category: "technical" as const, evidence: skill }
        : kind === 1
          ? { question: t.behavioural(highlight), category: "behavioural" as const, evidence: highlight }
          : { question: t.situational(skill), category: "situational" as const, evidence: skill };
    if (out.some((o) => o.question === q.question)) continue;
    out.push({ ...q, question: `${t.label} ${q.question}`, difficulty, answerOutline: [...t.outline] });
  }
  return { questions: out };
}

export function offlineLearningPath(a: Analysis, weeks: number, goal?: string): LearningPath {
  const ko = a.ko || hasHangul(goal ?? "");
  const skills = a.skills.length ? a.skills : [goal ?? (ko ? "목표 기술" : "your target skill")];
  const plan = weekPlan(ko ? "ko" : "en", skills, a.highlights, weeks);
  return {
    weeks: plan.map((w, i) => ({
      week: i + 1,
      goals: [`${T[ko ? "ko" : "en"].label} ${w.goal}`, ...(goal && i === 0 ? [goal] : [])],
      resources: w.resources,
      checkpoint: w.checkpoint,
    })),
  };
}
