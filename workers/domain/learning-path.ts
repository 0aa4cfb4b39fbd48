import { withJosa } from "./josa";

/**
 * The offline learning path: every week has its own content. It goes from learning each skill, to
 * applying it, to one capstone project that combines them, to interview stories from the resume,
 * teach-back and spaced review, and ends in mock interviews. A path longer than that material adds
 * spaced reviews of different week ranges rather than cycling back to week 1.
 */
export type Week = { goal: string; resources: string[]; checkpoint: string };
type Lang = "en" | "ko";

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const list = (skills: string[]) => clip(skills.slice(0, 4).join(", "), 80);

const EN = {
  deepen: (s: string): Week => ({
    goal: `Deepen ${s}: explain its core concepts and common failure modes`,
    resources: [
      `Official ${s} documentation and one in-depth guide`,
      `Build a small project that uses ${s} end to end`,
    ],
    checkpoint: `Explain a ${s} design decision aloud in 3 minutes`,
  }),
  apply: (s: string): Week => ({
    goal: `Apply ${s} under realistic constraints: break it on purpose, then debug and measure it`,
    resources: [
      `${s} troubleshooting and performance guides`,
      `Add monitoring and one failure test to your ${s} project`,
    ],
    checkpoint: `Walk through one ${s} failure you caused and fixed, with numbers`,
  }),
  design: (s: string): Week => ({
    goal: `Design with ${s}: sketch a system around it and defend the trade-offs`,
    resources: [`One public architecture write-up that uses ${s}`, "A one-page design document for your project"],
    checkpoint: `Answer "why ${s} and not an alternative?" in 2 minutes`,
  }),
  capstone: (all: string): Week => ({
    goal: `Capstone project: plan and build one portfolio project that uses ${all}`,
    resources: [
      "A written scope: the problem, the users, what done looks like",
      "Your weekly projects as building blocks",
    ],
    checkpoint: "A working first version you can demo",
  }),
  ship: (): Week => ({
    goal: "Capstone project: finish it, measure it and write it up",
    resources: ["A README with the design, the numbers and what you would change", "One peer review of the code"],
    checkpoint: "Present the project in 5 minutes as you would in an interview",
  }),
  stories: (highlights: string[]): Week => ({
    goal: "Turn your resume into interview stories: situation, task, action, result",
    resources: highlights.map((h) => `Story: "${clip(h, 200)}"`),
    checkpoint: "Tell each story aloud in under 2 minutes, ending with a measurable result",
  }),
  teach: (all: string): Week => ({
    goal: `Teach back: explain ${all} to a peer or in a short blog post`,
    resources: ["Your notes from the earlier weeks", "One question you could not answer, researched until you can"],
    checkpoint: "Someone else explains it back to you correctly",
  }),
  review: (to: number): Week => ({
    goal: `Spaced review of weeks 1–${to}: re-answer their checkpoints from memory`,
    resources: ["Flashcards of the points you got wrong", "Your checkpoint recordings and notes"],
    checkpoint: `Re-answer every checkpoint of weeks 1–${to} without notes`,
  }),
  mockTechnical: (all: string): Week => ({
    goal: `Mock interview, technical: questions on ${all} under time pressure`,
    resources: ["A peer or a recorded session", "Your design document and project README"],
    checkpoint: "A 45-minute recorded technical mock with three things to improve",
  }),
  mockBehavioural: (): Week => ({
    goal: "Mock interview, behavioural: your resume stories under follow-up questions",
    resources: ["A peer who asks 'why?' twice", "Your story notes"],
    checkpoint: "Every story told with a result, recorded and replayed",
  }),
  mockFull: (): Week => ({
    goal: "Full mock interview loop: technical, behavioural and one situational question",
    resources: ["A peer or mentor as the interviewer", "The improvements noted in earlier mocks"],
    checkpoint: "Mock interview: answer three questions from your resume out loud and record yourself",
  }),
};

const KO: typeof EN = {
  deepen: (s) => ({
    goal: `${s} 심화: 핵심 개념과 흔한 실패 사례를 설명할 수 있기`,
    resources: [
      `${s} 공식 문서와 심화 가이드 1개`,
      `${withJosa(s, "을/를")} 처음부터 끝까지 사용하는 작은 프로젝트 만들기`,
    ],
    checkpoint: `${s} 설계 결정을 3분 안에 말로 설명하기`,
  }),
  apply: (s) => ({
    goal: `${s} 실전 적용: 일부러 고장 내 보고, 디버깅하고, 측정하기`,
    resources: [`${s} 문제 해결·성능 가이드`, `${s} 프로젝트에 모니터링과 장애 테스트 1개 추가하기`],
    checkpoint: `직접 겪고 고친 ${s} 장애 하나를 숫자와 함께 설명하기`,
  }),
  design: (s) => ({
    goal: `${withJosa(s, "으로/로")} 설계하기: 시스템을 그려 보고 트레이드오프를 설명하기`,
    resources: [`${withJosa(s, "을/를")} 쓰는 공개 아키텍처 사례 1개`, "내 프로젝트의 한 쪽짜리 설계 문서"],
    checkpoint: `"왜 다른 대안이 아니라 ${s}인가?"에 2분 안에 답하기`,
  }),
  capstone: (all) => ({
    goal: `캡스톤 프로젝트: ${withJosa(all, "을/를")} 활용한 포트폴리오 프로젝트 하나를 계획하고 만들기`,
    resources: ["문제, 사용자, 완료 기준을 적은 범위 문서", "지난 주차에 만든 프로젝트들"],
    checkpoint: "시연할 수 있는 첫 버전",
  }),
  ship: () => ({
    goal: "캡스톤 프로젝트: 마무리하고, 측정하고, 정리해서 쓰기",
    resources: ["설계, 수치, 바꾸고 싶은 점을 담은 README", "동료 코드 리뷰 1회"],
    checkpoint: "면접에서처럼 프로젝트를 5분 안에 발표하기",
  }),
  stories: (highlights) => ({
    goal: "이력서를 면접 이야기로 만들기: 상황, 과제, 행동, 결과",
    resources: highlights.map((h) => `이야기: "${clip(h, 200)}"`),
    checkpoint: "이야기마다 측정 가능한 결과로 끝나도록 2분 안에 말하기",
  }),
  teach: (all) => ({
    goal: `가르치며 배우기: ${withJosa(all, "을/를")} 동료에게 설명하거나 짧은 글로 쓰기`,
    resources: ["지난 주차의 메모", "답하지 못했던 질문 하나를 답할 수 있을 때까지 조사하기"],
    checkpoint: "다른 사람이 내 설명을 정확히 되짚어 설명하기",
  }),
  review: (to) => ({
    goal: `1–${to}주차 간격 반복 복습: 체크포인트를 기억만으로 다시 답하기`,
    resources: ["틀렸던 내용의 플래시카드", "체크포인트 녹음과 메모"],
    checkpoint: `메모 없이 1–${to}주차 체크포인트에 모두 다시 답하기`,
  }),
  mockTechnical: (all) => ({
    goal: `기술 모의 면접: 시간 제한 안에서 ${all} 질문에 답하기`,
    resources: ["동료 또는 녹화 세션", "설계 문서와 프로젝트 README"],
    checkpoint: "45분 기술 모의 면접을 녹화하고 개선할 점 3가지 적기",
  }),
  mockBehavioural: () => ({
    goal: "인성 모의 면접: 후속 질문을 받으며 이력서 이야기 말하기",
    resources: ["'왜?'를 두 번 묻는 동료", "이야기 메모"],
    checkpoint: "모든 이야기를 결과까지 말하고 녹화해 다시 듣기",
  }),
  mockFull: () => ({
    goal: "전체 모의 면접: 기술, 인성, 상황 질문 하나씩",
    resources: ["면접관 역할을 맡은 동료나 멘토", "이전 모의 면접에서 적은 개선점"],
    checkpoint: "모의 면접: 이력서 기반 질문 3개에 소리 내어 답하고 녹음하기",
  }),
};

/** `weeks` weeks, no two alike, the last one a full mock interview. */
export function weekPlan(lang: Lang, skills: string[], highlights: string[], weeks: number): Week[] {
  const t = lang === "ko" ? KO : EN;
  const all = list(skills);
  const few = skills.slice(0, 8);
  const mocks = weeks >= 8 ? 3 : weeks >= 5 ? 2 : 1;
  const storyWeeks = Array.from({ length: Math.min(3, Math.ceil(highlights.length / 2)) }, (_, i) =>
    t.stories(highlights.slice(i * 2, i * 2 + 2)),
  );
  const learning: (() => Week)[] = [
    ...few.map((s) => () => t.deepen(s)),
    ...few.map((s) => () => t.apply(s)),
    () => t.capstone(all),
    ...storyWeeks.map((w) => () => w),
    ...few.map((s) => () => t.design(s)),
    () => t.ship(),
    () => t.teach(all),
  ];
  const plan: Week[] = [];
  const before = weeks - mocks;
  for (let i = 0; plan.length < before; i++) {
    // past the material, and every fourth week once there is something to review: a spaced review
    const reviewDue = plan.length >= 3 && (plan.length + 1) % 4 === 0;
    plan.push(i < learning.length && !reviewDue ? learning[i]!() : t.review(plan.length));
    if (reviewDue && i < learning.length) i--;
  }
  const finale = [t.mockTechnical(all), t.mockBehavioural(), t.mockFull()].slice(3 - mocks);
  return [...plan, ...finale];
}
