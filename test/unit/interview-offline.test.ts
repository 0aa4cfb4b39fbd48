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
});
