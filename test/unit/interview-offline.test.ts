import { describe, expect, it } from "vitest";
import { InterviewQuestionsSchema, LearningPathSchema } from "../../schemas/interview";
import { analyseResume, offlineLearningPath, offlineQuestions } from "../../workers/domain/interview-offline";

const resume =
  "Backend engineer. I led the migration of 40 services to Kubernetes. I reduced p99 latency by 35% with caching. I enjoy hiking.";

describe("offline interview prep", () => {
  it("finds achievements in the resume", () => {
    const a = analyseResume(resume, ["Go", "Kubernetes"]);
    expect(a.highlights[0]).toMatch(/migration of 40 services|reduced p99/);
    expect(a.highlights).not.toContain("I enjoy hiking.");
  });

  it("writes schema-valid questions that probe the resume, in all three categories", () => {
    const result = offlineQuestions(analyseResume(resume, ["Go", "Kubernetes"]), 6, "senior");
    expect(InterviewQuestionsSchema.parse(result).questions).toHaveLength(6);
    expect(new Set(result.questions.map((q) => q.category))).toEqual(
      new Set(["technical", "behavioural", "situational"]),
    );
    expect(result.questions.filter((q) => q.category === "behavioural").every((q) => resume.includes(q.evidence))).toBe(
      true,
    );
    expect(result.questions.every((q) => q.difficulty === "hard" && q.question.startsWith("[Offline]"))).toBe(true);
  });

  it("writes Korean questions for a Korean resume", () => {
    const ko = analyseResume("결제 시스템을 설계하고 출시했다. 응답 시간을 40% 단축했다.", ["Kotlin"]);
    expect(offlineQuestions(ko, 3, "mid").questions[0]!.question).toMatch(/^\[오프라인\]/);
  });

  it("plans one week per requested week, ending in a mock interview", () => {
    const path = offlineLearningPath(analyseResume(resume, ["Go"]), 4, "Become a staff engineer");
    expect(LearningPathSchema.parse(path).weeks.map((w) => w.week)).toEqual([1, 2, 3, 4]);
    expect(path.weeks[3]!.checkpoint).toMatch(/Mock interview/);
  });

  it("writes Korean questions with the particle the skill's last sound takes, never 을(를)", () => {
    const ko = analyseResume("결제 시스템을 설계하고 출시했다. 응답 시간을 40% 단축했다.", [
      "Java",
      "Python",
      "SQL",
      "AWS",
    ]);
    const questions = offlineQuestions(ko, 12, "mid").questions.map((q) => q.question);
    const text = questions.join("\n");
    expect(text).not.toMatch(/\(를\)|\(을\)/);
    for (const expected of ["Java를", "Python을", "SQL을", "AWS를"]) expect(text).toContain(expected);
  });

  const resumes = {
    en: analyseResume(resume, ["Go", "Kubernetes"]),
    ko: analyseResume("결제 시스템을 설계하고 출시했다. 응답 시간을 40% 단축했다. 팀 5명을 이끌었다.", ["Kotlin"]),
  };
  const content = (w: { goals: string[]; resources: string[]; checkpoint: string }) =>
    JSON.stringify([w.goals[0], w.resources, w.checkpoint]);

  it.each(["en", "ko"] as const)("never repeats a week's content, for 4, 6, 8 and 12 weeks (%s)", (lang) => {
    for (const weeks of [4, 6, 8, 12, 26]) {
      const path = LearningPathSchema.parse(offlineLearningPath(resumes[lang], weeks));
      expect(path.weeks).toHaveLength(weeks);
      expect(new Set(path.weeks.map(content)).size, `${weeks} weeks`).toBe(weeks);
      expect(new Set(path.weeks.map((w) => w.goals[0])).size, `${weeks} weeks`).toBe(weeks);
    }
  });

  it.each(["en", "ko"] as const)("goes past the material to a capstone, review and mock interviews (%s)", (lang) => {
    const goals = offlineLearningPath(resumes[lang], 12).weeks.map((w) => w.goals[0]!);
    const [capstone, review, mock] =
      lang === "en" ? [/Capstone/, /Spaced review/, /mock interview/i] : [/캡스톤/, /복습/, /모의 면접/];
    expect(goals.some((g) => capstone.test(g))).toBe(true);
    expect(goals.some((g) => review.test(g))).toBe(true);
    expect(mock.test(goals.at(-1)!)).toBe(true);
  });

  it("writes Korean learning paths with the right particles", () => {
    const text = JSON.stringify(offlineLearningPath(analyseResume("결제 시스템을 설계했다.", ["Java", "Kotlin"]), 12));
    expect(text).not.toMatch(/\(를\)|\(을\)|\(으\)로/);
    expect(text).toContain("Java를 처음부터");
    expect(text).toContain("Kotlin을 처음부터");
    expect(text).toContain("Java로 설계하기");
  });
});
