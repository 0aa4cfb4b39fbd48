import { z } from "@hono/zod-openapi";

/** Goleman's six leadership styles ("Leadership That Gets Results", HBR 2000). */
export const LeadershipTypeSchema = z.enum([
  "visionary",
  "coaching",
  "affiliative",
  "democratic",
  "pacesetting",
  "commanding",
]);
export type LeadershipType = z.infer<typeof LeadershipTypeSchema>;

/**
 * The one name of each style in each language: the API, the coach's prompt, the widget and the
 * knowledge base's Korean titles all use these (a unit test holds them together).
 */
export const LEADERSHIP_TYPE_LABELS: Record<LeadershipType, { ko: string; en: string }> = {
  visionary: { ko: "비전형", en: "Visionary" },
  coaching: { ko: "코칭형", en: "Coaching" },
  affiliative: { ko: "관계형", en: "Affiliative" },
  democratic: { ko: "민주형", en: "Democratic" },
  pacesetting: { ko: "솔선형", en: "Pacesetting" },
  commanding: { ko: "지시형", en: "Commanding" },
};

export const QuestionSchema = z
  .object({ id: z.string().regex(/^q\d{2}$/), en: z.string().min(1), ko: z.string().min(1) })
  .openapi("AssessmentQuestion");
export type Question = z.infer<typeof QuestionSchema>;

/**
 * Self-report statements, answered from 1 (strongly disagree) to 5 (strongly agree). Items cycle
 * through the styles in enum order, four per style; as in real instruments several also load on a
 * second style or against an opposite one. The scoring key lives with the synthetic data model in
 * `scripts/train-classifier.mjs`, so changing an item means retraining.
 */
export const QUESTIONS = [
  {
    id: "q01",
    en: "I describe a clear picture of where the team is heading and why it matters.",
    ko: "팀이 어디로 가고 있는지, 그리고 그것이 왜 중요한지 분명하게 설명한다.",
  },
  {
    id: "q02",
    en: "I help each team member recognise their strengths and the areas they want to develop.",
    ko: "팀원 각자가 자신의 강점과 더 키우고 싶은 부분을 알아차리도록 돕는다.",
  },
  {
    id: "q03",
    en: "I take time to ask how people are doing personally, not only how their work is going.",
    ko: "업무 진행 상황뿐 아니라 팀원이 요즘 개인적으로 어떻게 지내는지도 시간을 내어 묻는다.",
  },
  {
    id: "q04",
    en: "Before an important decision, I ask the team for their views.",
    ko: "중요한 결정을 내리기 전에 팀원들의 의견을 먼저 구한다.",
  },
  {
    id: "q05",
    en: "I hold myself and the team to demanding performance standards.",
    ko: "나 자신과 팀에게 높은 성과 기준을 요구한다.",
  },
  {
    id: "q06",
    en: "When things are urgent, I give clear orders and expect them to be followed without debate.",
    ko: "급한 상황에서는 분명하게 지시하고, 이견 없이 그대로 따르기를 기대한다.",
  },
  {
    id: "q07",
    en: "When I hand out work, I explain how it fits into our long-term goals.",
    ko: "일을 맡길 때 그 일이 우리의 장기 목표와 어떻게 이어지는지 설명한다.",
  },
  {
    id: "q08",
    en: "I accept a short-term drop in results if it helps someone learn.",
    ko: "누군가의 배움에 도움이 된다면 단기적인 성과 하락은 감수한다.",
  },
  {
    id: "q09",
    en: "Keeping harmony in the team matters more to me than winning an argument.",
    ko: "논쟁에서 이기는 것보다 팀 안의 화합을 지키는 것이 나에게 더 중요하다.",
  },
  {
    id: "q10",
    en: "I let the team agree together, or vote, on how we work.",
    ko: "일하는 방식은 팀원들이 함께 논의해 합의하거나 투표로 정하게 한다.",
  },
  {
    id: "q11",
    en: "I notice quickly when someone falls behind, and I expect them to catch up fast.",
    ko: "누군가 뒤처지면 금방 알아차리고, 빨리 따라잡기를 기대한다.",
  },
  {
    id: "q12",
    en: "I expect things to be done the way I decided, without having to explain my reasons.",
    ko: "내가 정한 방식대로 일하기를 기대하며, 그 이유를 굳이 설명하지 않는다.",
  },
  {
    id: "q13",
    en: "I let people choose their own approach, as long as it serves our shared vision.",
    ko: "공동의 비전에 도움이 된다면 일하는 방식은 팀원이 스스로 정하도록 맡긴다.",
  },
  {
    id: "q14",
    en: "I talk with each person about how their growth fits the team's future.",
    ko: "팀원 한 사람 한 사람과 그의 성장이 팀의 미래와 어떻게 맞닿아 있는지 이야기한다.",
  },
  {
    id: "q15",
    en: "I make sure everyone feels heard, including the quietest members.",
    ko: "가장 말수가 적은 팀원까지 모두가 자기 이야기를 존중받는다고 느끼도록 신경 쓴다.",
  },
  {
    id: "q16",
    en: "I ask team members to propose solutions before I offer my own.",
    ko: "내 해결책을 내놓기 전에 팀원들에게 먼저 해결 방안을 제안해 달라고 한다.",
  },
  {
    id: "q17",
    en: "When work falls short of my standard, I step in and take it over.",
    ko: "결과물이 내 기준에 못 미치면 직접 나서서 그 일을 가져와 처리한다.",
  },
  {
    id: "q18",
    en: "In a crisis, I take charge and set the direction myself.",
    ko: "위기 상황에서는 내가 주도권을 잡고 방향을 직접 정한다.",
  },
  {
    id: "q19",
    en: "I give people a sense of purpose that goes beyond day-to-day tasks.",
    ko: "하루하루의 업무를 넘어서는 목적의식을 사람들에게 심어 준다.",
  },
  {
    id: "q20",
    en: "My feedback aims at long-term development, not only at the task in front of us.",
    ko: "눈앞의 업무뿐 아니라 장기적인 성장을 염두에 두고 피드백을 준다.",
  },
  {
    id: "q21",
    en: "When someone is struggling, I encourage and praise them before pointing out problems.",
    ko: "누군가 힘들어할 때는 문제를 지적하기 전에 먼저 격려하고 칭찬한다.",
  },
  {
    id: "q22",
    en: "I change my plan when the team makes a good case for another approach.",
    ko: "팀원들이 다른 방법에 대해 설득력 있는 근거를 내놓으면 내 계획을 바꾼다.",
  },
  {
    id: "q23",
    en: "I lead by example and expect others to work at my pace.",
    ko: "직접 본보기를 보이며, 팀원들도 내 속도에 맞춰 일하기를 기대한다.",
  },
  {
    id: "q24",
    en: "I keep close control of tasks and check that my instructions are carried out.",
    ko: "업무를 가까이에서 챙기며 내 지시가 제대로 이행되는지 확인한다.",
  },
] as const satisfies readonly Question[];
export type QuestionId = (typeof QUESTIONS)[number]["id"];

export const LikertAnswerSchema = z.number().int().min(1).max(5).openapi({ example: 4 });

const answerShape = Object.fromEntries(QUESTIONS.map((q) => [q.id, LikertAnswerSchema])) as Record<
  QuestionId,
  typeof LikertAnswerSchema
>;

/** A completed questionnaire: every item answered, and nothing else. */
export const AssessmentSchema = z
  .strictObject({ answers: z.strictObject(answerShape).openapi("AssessmentAnswers") })
  .openapi("Assessment");
export type Assessment = z.infer<typeof AssessmentSchema>;
export type AssessmentAnswers = Assessment["answers"];

export const LeadershipResultSchema = z
  .object({
    type: LeadershipTypeSchema,
    probabilities: z.record(LeadershipTypeSchema, z.number().min(0).max(1)),
    confidence: z.number().min(0).max(1).openapi({ description: "Probability of the predicted type" }),
  })
  .openapi("LeadershipResult");
export type LeadershipResult = z.infer<typeof LeadershipResultSchema>;
