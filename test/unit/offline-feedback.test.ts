import { describe, expect, it } from "vitest";
import { z } from "zod";
import { FeedbackContentSchema } from "../../schemas/retrospects";
import { OFFLINE_PHRASES, isPlaceholder } from "../../workers/domain/cue-words";
import { baseVerb, classify, nextStep } from "../../workers/domain/offline-feedback";
import { offlineStructured } from "../../workers/domain/offline-llm";
import { recurringNote, recurringTheme } from "../../workers/domain/retro-prompt";
import { contentWords, koreanStem } from "../../workers/domain/text";

const feedback = (text: string) =>
  FeedbackContentSchema.parse(
    offlineStructured(z.toJSONSchema(FeedbackContentSchema), [
      { role: "system", content: "Review." },
      { role: "user", content: text },
    ]),
  );

const REGRETS = [
  "동료에게 일찍 도움을 요청했으면 좋았을 것이다.",
  "회의 전에 안건을 공유했으면 좋았을 텐데.",
  "발표 자료를 미리 준비하지 못했다.",
  "코드 리뷰를 제대로 못 했다.",
  "보고서 마감을 놓쳤다.",
  "팀장님께 진행 상황을 더 자주 알렸어야 했다.",
  "질문에 바로 답하지 못해서 아쉬웠다.",
  "일정을 잘 지키지 못해 후회가 된다.",
  "테스트를 더 꼼꼼히 했더라면 좋았을 것 같다.",
  "고객 피드백을 잘 반영하지 못한 점이 아쉽다.",
  "I should have asked for help earlier.",
  "I wish I had tested the migration on staging.",
  "I should've shared the design doc before the meeting.",
  "I didn't tell my manager about the delay.",
  "I did not write down the decisions we made.",
  "I failed to prioritise the security fix.",
  "I missed the Friday deadline for the billing report.",
  "I started the slides too late.",
  "The review went well, but I should have prepared more examples.",
  "I could have delegated the release notes.",
];

const STRENGTHS = [
  "발표 준비를 일찍 시작해서 여유 있게 마쳤다.",
  "신규 온보딩 기능을 완료해서 뿌듯했다.",
  "까다로운 장애를 팀과 함께 해결했다.",
  "고객 미팅을 잘 이끌었다.",
  "어려웠지만 끝까지 문제를 해결했다.",
  "I shipped the onboarding flow and the team said it was great.",
  "I finished the billing page and the demo went well.",
  "The refactor was difficult but I solved it.",
  "I delivered the report on time.",
  "I learned a lot about caching.",
];

const HABITS = [
  "매일 아침 30분씩 코드 리뷰를 했다.",
  "매주 금요일 회고를 꾸준히 썼다.",
  "I wrote tests every morning and it kept the build green.",
  "I ran a short standup daily with the new hires.",
];

describe("sorting sentences by what they say", () => {
  it.each(REGRETS)("a regret or should-have is something to improve, never a strength: %s", (sentence) => {
    expect(classify(sentence)).toBe("weakness");
    const f = feedback(sentence);
    expect(f.weaknesses).toContain(sentence);
    expect([...f.strengths, ...f.keepDoing]).not.toContain(sentence);
  });

  it.each(STRENGTHS)("a sentence about something that went well is a strength: %s", (sentence) => {
    expect(classify(sentence)).toBe("strength");
    expect(feedback(sentence).strengths).toEqual([sentence]);
  });

  it.each(HABITS)("a practice kept up is something to keep doing: %s", (sentence) => {
    expect(classify(sentence)).toBe("habit");
    expect(feedback(sentence).keepDoing).toEqual([sentence]);
  });

  it.each([
    ["다음 주에는 오전에 집중 시간을 확보하겠다.", "action"],
    ["Next week I will review code before noon.", "action"],
    ["점심은 김밥이었다.", "neutral"],
    ["It rained all day.", "neutral"],
  ] as const)("%s is %s", (sentence, kind) => {
    expect(classify(sentence)).toBe(kind);
  });
});

describe("one heading per sentence", () => {
  const entries = [
    [...STRENGTHS.slice(0, 5), ...REGRETS.slice(0, 10), ...HABITS.slice(0, 2)].join(" "),
    [...STRENGTHS.slice(5), ...REGRETS.slice(10), ...HABITS.slice(2), "Next week I will review code before noon."].join(
      " ",
    ),
    "발표를 잘 마쳤다. 하지만 마감을 놓쳤다. 다음 주에는 마감 하루 전에 점검하겠다.",
  ];

  it.each(entries)("no sentence of the entry appears under two headings: %s", (text) => {
    const f = feedback(text);
    const placed = [...f.strengths, ...f.weaknesses, ...f.keepDoing, ...f.recommendations];
    expect(new Set(placed).size).toBe(placed.length);
    for (const sentence of [...f.strengths, ...f.weaknesses, ...f.keepDoing]) {
      // a recommendation is phrased from a weakness, never a copy of it
      expect(f.recommendations.some((r) => r.includes(sentence.replace(/[.!?]$/, "")))).toBe(false);
    }
  });
});

describe("next steps from weaknesses", () => {
  it.each([
    ["동료에게 일찍 도움을 요청했으면 좋았을 것이다.", "다음에는 먼저 동료에게 일찍 도움을 요청해 보세요."],
    ["회의 전에 안건을 공유하지 못했다.", "다음에는 먼저 회의 전에 안건을 공유해 보세요."],
    ["팀장님께 진행 상황을 더 자주 알렸어야 했다.", null],
    ["코드 리뷰를 제대로 못 했다.", "다음에는 먼저 코드 리뷰를 제대로 해 보세요."],
    ["보고서 마감을 놓쳤다.", "다음에는 보고서 마감을 놓치지 않도록 먼저 일정에 적어 두세요."],
    ["I should have asked for help earlier.", "Next time, ask for help earlier: make it the first item on your plan."],
    [
      "I wish I had tested the migration on staging.",
      "Next time, test the migration on staging: make it the first item on your plan.",
    ],
    [
      "I didn't tell my manager about the delay.",
      "Next time, tell your manager about the delay: make it the first item on your plan.",
    ],
    ["I started the slides too late.", "Next time, start the slides earlier: make it the first item on your plan."],
    [
      "I missed the Friday deadline for the billing report.",
      "Next time, put the Friday deadline for the billing report in your calendar first, so it cannot slip.",
    ],
  ] as const)("%s → %s", (sentence, step) => {
    const lang = /[가-힣]/.test(sentence) ? "ko" : "en";
    if (step === null) expect(nextStep(sentence, lang)).toMatch(/^다음에는 /);
    else expect(nextStep(sentence, lang)).toBe(step);
  });

  it.each([
    ["asked", "ask"],
    ["shared", "share"],
    ["planned", "plan"],
    ["prioritized", "prioritize"],
    ["tested", "test"],
    ["written", "write"],
    ["tried", "try"],
  ])("reads the base form of %s as %s", (word, base) => {
    expect(baseVerb(word)).toBe(base);
  });
});

describe("empty sections say so plainly", () => {
  it("an entry with nothing to sort says so under every heading, in English", () => {
    const f = feedback("It rained all day. We had lunch.");
    expect(f.strengths).toEqual(["No clear strength stood out in this entry."]);
    expect(f.weaknesses).toEqual([OFFLINE_PHRASES.en.empty.negative]);
    expect(f.keepDoing).toEqual([OFFLINE_PHRASES.en.empty.habit]);
    expect(f.recommendations).toEqual([OFFLINE_PHRASES.en.empty.action]);
  });

  it("an entry with only regrets says in Korean that no strength stood out, and recommends from the regrets", () => {
    const f = feedback("동료에게 일찍 도움을 요청했으면 좋았을 것이다. 보고서 마감을 놓쳤다.");
    expect(f.strengths).toEqual(["이번 회고에서는 뚜렷한 강점 문장을 찾지 못했어요."]);
    expect(f.recommendations).toHaveLength(2);
    expect(f.recommendations.every((r) => r.startsWith("다음에는") && !isPlaceholder(r))).toBe(true);
  });

  it("never turns 'nothing stood out' into a recommendation", () => {
    for (const text of [
      "It rained all day.",
      "점심은 김밥이었다.",
      "I finished the billing page and the demo went well.",
    ]) {
      const f = feedback(text);
      expect(f.recommendations.every((r) => !/stood out|눈에 띄는/.test(r) || isPlaceholder(r))).toBe(true);
      expect(f.recommendations.filter((r) => !isPlaceholder(r))).toEqual([]);
    }
  });
});

describe("themes are content words without particles or endings", () => {
  it.each([
    ["요청에", "요청"],
    ["요청했으면", "요청"],
    ["회의에서는", "회의"],
    ["동료에게", "동료"],
    ["도움을", "도움"],
    ["결과를", "결과"],
    ["만족도가", "만족도"],
    ["시작해서", "시작"],
    ["회의", "회의"],
    ["결과", "결과"],
  ])("the noun of %s is %s", (word, noun) => {
    expect(koreanStem(word)).toBe(noun);
  });

  it("keeps nouns and drops predicates, adverbs and stop words", () => {
    expect(contentWords("동료에게 일찍 도움을 요청했으면 좋았을 것이다.").map((w) => w.word)).toEqual([
      "동료",
      "도움",
      "요청",
    ]);
    expect(contentWords("I should have asked for help earlier.").map((w) => w.word)).toEqual(["asked", "help"]);
  });

  it("groups English plurals and -ing/-ed forms under one key", () => {
    const keys = contentWords("meetings meeting planned planning").map((w) => w.key);
    expect(keys[0]).toBe(keys[1]);
    expect(keys[2]).toBe(keys[3]);
  });
});

describe("memory of past entries", () => {
  const day = (d: number) => new Date(Date.UTC(2026, 11, d, 9));
  const at = (d: number, content: string) => ({ content, createdAt: day(d) });

  it("names a theme shared by three of the last five entries this week, in Korean with the right particle", () => {
    const current = at(5, "오늘도 동료에게 도움을 요청하지 못했다.");
    const past = [at(4, "요청에 답이 늦었다."), at(3, "점심은 김밥이었다."), at(2, "리뷰 요청을 미뤘다.")];
    expect(recurringTheme(current, past)).toMatchObject({ word: "요청", count: 3, withinWeek: true });
    const note = recurringNote(current, past, true)!;
    expect(note).toMatch(/^이번 주 세 번째로 '요청'이 나왔어요\./);
    expect(note).not.toContain("요청에");
  });

  it("names it in English, and counts the entries when they span more than a week", () => {
    const current = at(20, "I asked for help with the release.");
    const past = [at(18, "Nobody offered help."), at(12, "I needed help with tests."), at(11, "Lunch.")];
    expect(recurringNote(current, past, false)).toBe(
      "Third time in your last four entries: 'help' comes up again. It keeps returning, so give it its own slot next week.",
    );
    expect(recurringNote(at(20, "I asked for help."), [at(19, "help"), at(18, "more help")], false)).toMatch(
      /^Third time this week: 'help'/,
    );
  });

  it("looks only at the last five entries, this one included", () => {
    const current = at(10, "회의가 길었다.");
    const past = [at(9, "a"), at(8, "b"), at(7, "c"), at(6, "d"), at(5, "회의"), at(4, "회의")];
    expect(recurringTheme(current, past)).toBeNull();
  });

  it("says nothing when no word comes up three times", () => {
    expect(recurringNote(at(3, "회의가 길었다."), [at(2, "회의 준비"), at(1, "점심")], true)).toBeNull();
  });
});
