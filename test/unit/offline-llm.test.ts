import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { ChatMessage } from "../../schemas/llm";
import { OFFLINE_LABEL, OFFLINE_PHRASES } from "../../workers/domain/cue-words";
import { offlineChat, offlineStructured, tokenize } from "../../workers/domain/offline-llm";
import { sentences, stem } from "../../workers/domain/text";

const user = (content: string): ChatMessage => ({ role: "user", content });
const system = (content: string): ChatMessage => ({ role: "system", content });

const EN_REFLECT = `${OFFLINE_LABEL.en} ${OFFLINE_PHRASES.en.reflect} `;
const KO_REFLECT = `${OFFLINE_LABEL.ko} ${OFFLINE_PHRASES.ko.reflect} `;

const meetingsEn = [
  system("You are a coach."),
  user("Good meetings have a clear agenda. Bananas are yellow. Every meetings note lists owners."),
  user("How can I run better meetings?"),
];
const meetingsKo = [
  user("좋은 회의에는 명확한 안건이 있다. 바나나는 노랗다. 회의가 끝나면 담당자를 정한다."),
  user("회의를 더 잘 진행하는 방법은?"),
];
const diaryEn = [user("I am tired. The launch went well. It is raining.")];
const diaryKo = [user("오늘 발표는 잘 끝났다. 점심은 김밥이었다. 하지만 질문에 답하기 어려웠다.")];

describe("offlineChat", () => {
  it("gives the same answer every time for the same conversation", () => {
    expect(offlineChat(meetingsEn)).toBe(offlineChat(meetingsEn));
  });

  it("labels an answer to an English question [Offline answer]", () => {
    expect(offlineChat(meetingsEn).startsWith(`${OFFLINE_LABEL.en} `)).toBe(true);
  });

  it("labels an answer to a Korean question [오프라인 응답]", () => {
    expect(offlineChat(meetingsKo).startsWith(`${OFFLINE_LABEL.ko} `)).toBe(true);
  });

  it("labels the answer in the question's language, not the context's", () => {
    const answer = offlineChat([user("Good meetings have a clear agenda."), user("meetings 잘 하는 법")]);
    expect(answer).toBe(`${OFFLINE_LABEL.ko} Good meetings have a clear agenda.`);
  });

  it("answers with the context sentences that share words with the question, in their order", () => {
    expect(offlineChat(meetingsEn)).toBe(
      `${OFFLINE_LABEL.en} Good meetings have a clear agenda. Every meetings note lists owners.`,
    );
  });

  it("matches Korean context through stems, whatever particle follows", () => {
    expect(offlineChat(meetingsKo)).toBe(
      `${OFFLINE_LABEL.ko} 좋은 회의에는 명확한 안건이 있다. 회의가 끝나면 담당자를 정한다.`,
    );
  });

  it("keeps the three context sentences with the most overlap, in their original order", () => {
    const context = user("Plan the agenda early and share. Plan. Plan the agenda. Unrelated. Plan the agenda early.");
    expect(offlineChat([context, user("plan agenda early share")])).toBe(
      `${OFFLINE_LABEL.en} Plan the agenda early and share. Plan the agenda. Plan the agenda early.`,
    );
  });

  it("reflects the user's own sentences with a cue word when there is no context", () => {
    expect(offlineChat(diaryEn)).toBe(`${EN_REFLECT}I am tired. The launch went well.`);
  });

  it("reflects the user's own Korean sentences with a cue word when there is no context", () => {
    expect(offlineChat(diaryKo)).toBe(`${KO_REFLECT}오늘 발표는 잘 끝났다. 하지만 질문에 답하기 어려웠다.`);
  });

  it("reflects the question when no context sentence shares a word with it", () => {
    const answer = offlineChat([user("Bananas are yellow."), user("How can I run better meetings?")]);
    expect(answer).toBe(`${EN_REFLECT}How can I run better meetings?`);
  });

  it("says nothing stood out when the user wrote nothing", () => {
    expect(offlineChat([system("You are a coach.")])).toBe(`${EN_REFLECT}${OFFLINE_PHRASES.en.noSignal}`);
  });

  it.each([
    ["English context", meetingsEn, `${OFFLINE_LABEL.en} `],
    ["Korean context", meetingsKo, `${OFFLINE_LABEL.ko} `],
    ["an English diary", diaryEn, EN_REFLECT],
    ["a Korean diary", diaryKo, KO_REFLECT],
  ])("answers from %s with only sentences taken from the conversation", (_, messages, prefix) => {
    const answer = offlineChat(messages);
    expect(answer.startsWith(prefix)).toBe(true);
    const said = new Set(messages.flatMap((m) => sentences(m.content)));
    const body = sentences(answer.slice(prefix.length));
    expect(body.length).toBeGreaterThan(0);
    expect(body.filter((s) => !said.has(s))).toEqual([]);
  });
});

describe("tokenize", () => {
  it.each([
    ["an offline answer", offlineChat(meetingsEn)],
    ["Korean text", "회의를 더 잘 진행하는 방법은?"],
    ["text with runs of spaces and line breaks", "  one  two\n\nthree\tfour"],
  ])("joins back into %s it split", (_, text) => {
    expect(tokenize(text).join("")).toBe(text);
  });

  it("yields one token per word, each carrying the spacing before it", () => {
    expect(tokenize("run  better\nmeetings")).toEqual(["run", "  better", "\nmeetings"]);
  });
});

const Retro = z.object({
  summary: z.string(),
  strengths: z.array(z.string()),
  weaknesses: z.array(z.string()),
  keepDoing: z.array(z.string()),
  recommendations: z.array(z.string()),
});
// typed as `object`, as the offline port receives it from the LLM chain
const jsonSchema = (schema: z.ZodType): object => z.toJSONSchema(schema);
const structured = <T extends z.ZodType>(schema: T, text: string): z.infer<T> =>
  schema.parse(offlineStructured(jsonSchema(schema), [system("Summarise."), user(text)]));

const retroEn = {
  text:
    "This week I shipped the onboarding flow and the team said it was great. " +
    "However, I missed the Friday deadline for the billing report. " +
    "I struggled to focus in the afternoons. I learned a lot about caching.",
  positive: [
    "This week I shipped the onboarding flow and the team said it was great.",
    "I learned a lot about caching.",
  ],
  negative: [
    "However, I missed the Friday deadline for the billing report.",
    "I struggled to focus in the afternoons.",
  ],
  steps: [
    "Next time, put the Friday deadline for the billing report in your calendar first, so it cannot slip.",
    "Next time, give 'focus' its own time first, and note in your next entry how it went.",
  ],
  lang: "en" as const,
};
const retroKo = {
  text: "이번 주에는 온보딩 기능을 완료해서 뿌듯했다. 하지만 보고서 마감을 놓쳤다. 오후에는 집중하기 어려웠어요! 캐싱에 대해 많이 배웠다.",
  positive: ["이번 주에는 온보딩 기능을 완료해서 뿌듯했다.", "캐싱에 대해 많이 배웠다."],
  negative: ["하지만 보고서 마감을 놓쳤다.", "오후에는 집중하기 어려웠어요!"],
  steps: [
    "다음에는 보고서 마감을 놓치지 않도록 먼저 일정에 적어 두세요.",
    "다음에는 '집중'을 위한 시간을 먼저 따로 잡아 두고, 다음 회고에 어땠는지 적어 보세요.",
  ],
  lang: "ko" as const,
};

describe("offlineStructured", () => {
  it.each([
    ["English", retroEn],
    ["Korean", retroKo],
  ])("fills a retrospective schema so that zod parses it, for %s text", (_, retro) => {
    const value = offlineStructured(jsonSchema(Retro), [user(retro.text)]);
    expect(Retro.safeParse(value).success).toBe(true);
  });

  it.each([
    ["English", retroEn],
    ["Korean", retroKo],
  ])("puts the positive-cue sentences of %s text in strengths only, and says plainly there is no habit", (_, retro) => {
    const value = structured(Retro, retro.text);
    expect(value.strengths).toEqual(retro.positive);
    expect(value.keepDoing).toEqual([OFFLINE_PHRASES[retro.lang].empty.habit]);
  });

  it.each([
    ["English", retroEn],
    ["Korean", retroKo],
  ])("puts the negative-cue sentences of %s text in weaknesses", (_, retro) => {
    expect(structured(Retro, retro.text).weaknesses).toEqual(retro.negative);
  });

  it.each([
    ["English", retroEn],
    ["Korean", retroKo],
  ])("turns the weaknesses of %s text into next steps without repeating them", (_, retro) => {
    expect(structured(Retro, retro.text).recommendations).toEqual(retro.steps);
  });

  it("recommends the sentences that state an action first, then the steps from the weaknesses", () => {
    const text = `${retroEn.text} Next week I will block my mornings for deep work.`;
    expect(structured(Retro, text).recommendations).toEqual([
      "Next week I will block my mornings for deep work.",
      ...retroEn.steps.slice(0, 2),
    ]);
  });

  it("summarises by counting what it found, in the entry's language", () => {
    expect(structured(Retro, retroKo.text).summary).toBe(
      `${OFFLINE_LABEL.ko} 이번 회고에서 잘된 점 2가지와 아쉬운 점 2가지를 찾았어요.`,
    );
    expect(structured(Retro, retroEn.text).summary).toBe(
      `${OFFLINE_LABEL.en} This entry shows 2 strengths and 2 things to improve.`,
    );
  });

  it("pads a string list up to minItems with the plain empty-section sentence", () => {
    const schema = z.object({ strengths: z.array(z.string()).min(2).max(4) });
    expect(structured(schema, "It rained all day.").strengths).toEqual([
      OFFLINE_PHRASES.en.empty.positive,
      OFFLINE_PHRASES.en.empty.positive,
    ]);
  });

  it("stops a string list at maxItems", () => {
    const schema = z.object({ weaknesses: z.array(z.string()).max(1) });
    expect(structured(schema, retroEn.text).weaknesses).toEqual([retroEn.negative[0]]);
  });

  it("cuts strings to maxLength", () => {
    const schema = z.object({ summary: z.string().max(21), weaknesses: z.array(z.string().max(12)) });
    const value = structured(schema, retroEn.text);
    expect(value.summary).toBe(`${OFFLINE_LABEL.en} This`);
    expect(value.weaknesses).toEqual(retroEn.negative.map((s) => s.slice(0, 12)));
  });

  it("pads strings to minLength", () => {
    const schema = z.object({ summary: z.string().min(300) });
    expect(structured(schema, "Short.").summary).toHaveLength(300);
  });

  it("answers an enum with its first value", () => {
    const schema = z.object({ mood: z.enum(["calm", "stressed"]) });
    expect(structured(schema, retroEn.text).mood).toBe("calm");
  });

  it("fills a list of enum values from the enum, not from sentences", () => {
    const schema = z.object({ tags: z.array(z.enum(["focus", "delivery"])).min(1) });
    expect(structured(schema, retroEn.text).tags).toEqual(["focus"]);
  });

  it("answers a number or an integer with its minimum", () => {
    const schema = z.object({ score: z.number().min(1).max(10), streak: z.int().min(2) });
    expect(structured(schema, retroEn.text)).toEqual({ score: 1, streak: 2 });
  });

  it("answers an unconstrained number with 0", () => {
    expect(structured(z.object({ hours: z.number() }), retroEn.text)).toEqual({ hours: 0 });
  });
});

describe("sentences", () => {
  it("splits English on terminal punctuation", () => {
    expect(sentences("I shipped it. Did it work? Yes!")).toEqual(["I shipped it.", "Did it work?", "Yes!"]);
  });

  it("splits Korean on 다. and 요! endings", () => {
    expect(sentences("발표를 잘 마쳤다. 다음에는 더 일찍 준비할게요! 괜찮을까요?")).toEqual([
      "발표를 잘 마쳤다.",
      "다음에는 더 일찍 준비할게요!",
      "괜찮을까요?",
    ]);
  });

  it("splits on line breaks and drops blank lines", () => {
    expect(sentences("first line\nsecond line\n\n  \nthird")).toEqual(["first line", "second line", "third"]);
  });

  it("does not split a decimal number", () => {
    expect(sentences("Version 3.5 shipped.")).toEqual(["Version 3.5 shipped."]);
  });
});

describe("stem", () => {
  it.each([
    ["회의를", "회의"],
    ["회의에서", "회의"],
    ["진행하는", "진행"],
  ])("keeps the first two syllables of the Hangul word %s", (word, expected) => {
    expect(stem(word)).toBe(expected);
  });

  it.each(["회의", "팁", "run"])("leaves %s as it is", (word) => {
    expect(stem(word)).toBe(word);
  });

  it.each([
    ["meetings", "meeting"],
    ["planned", "planning"],
    ["shipped", "ships"],
  ])("gives %s and %s the same English stem", (a, b) => {
    expect(stem(a)).toBe(stem(b));
  });
});

describe("offline answers never quote instructions", () => {
  it("skips the first of several system messages and excerpt labels", () => {
    const answer = offlineChat([
      { role: "system", content: "You are Edge Coach. Answer from the excerpts about delegation." },
      {
        role: "system",
        content:
          "Excerpts:\n[1] Delegation — Levels\nDelegation works when you agree on the level of authority up front.",
      },
      { role: "user", content: "How should delegation work?" },
    ]);
    expect(answer).toBe(`${OFFLINE_LABEL.en} Delegation works when you agree on the level of authority up front.`);
  });
});
