import { describe, expect, it } from "vitest";
import { paced, paceTokens, stagePauseMs } from "../../workers/domain/offline-pace";
import { OfflineProvider } from "../../workers/ports/llm/offline";

const KOREAN = [
  "[오프라인] 결제 시스템을 설계하고 응답 시간을 40% 단축했습니다.",
  "동료에게 일찍 도움을 요청했으면 좋았을 것이다. 다음에는 Java을(를) 먼저 정리하자!",
  "  위임은   결과를 맡기는 것입니다.\n\n체크인 날짜를 정하세요.  ",
  "ㅋㅋ 좋아요… 「핵심」은 3가지: 목표, 기한, 점검.",
];
const ENGLISH = [
  "[Offline] Pick one task you still do every week and hand it over with the outcome.",
  "  Agree how far the person decides alone,\nthen step back: review results, not methods.  ",
  "I wish I had asked for help earlier — I didn't, and it cost us a week (again).",
  "a",
];
const EDGES = ["", " ", "\n\t ", "단어", "x y", "가나다라마바사아자차카타파하"];

describe("paceTokens", () => {
  it.each([...KOREAN, ...ENGLISH, ...EDGES])("joins back to the original exactly: %j", (text) => {
    expect(paceTokens(text).join("")).toBe(text);
  });

  it("gives every token something to show, except whitespace-only text", () => {
    for (const text of [...KOREAN, ...ENGLISH]) for (const token of paceTokens(text)) expect(token.trim()).not.toBe("");
    expect(paceTokens("")).toEqual([]);
    expect(paceTokens("  ")).toEqual(["  "]);
  });

  it("streams English word by word, the space before each word with it", () => {
    expect(paceTokens("Hand it over, then step back.")).toEqual(["Hand", " it", " over,", " then", " step", " back."]);
  });

  it("streams Korean one or two syllables at a time, punctuation staying with its syllable", () => {
    expect(paceTokens("요청했으면 좋았을 것이다.")).toEqual(["요청", "했으", "면", " 좋았", "을", " 것이", "다."]);
    expect(paceTokens("응답 시간을 40% 단축")).toEqual(["응답", " 시간", "을", " 40%", " 단축"]);
    const tokens = paceTokens(KOREAN[0]!);
    expect(tokens.length).toBeGreaterThan(KOREAN[0]!.split(/\s+/).length);
    for (const token of tokens) expect((token.match(/[가-힣]/g) ?? []).length).toBeLessThanOrEqual(2);
  });
});

describe("paced", () => {
  const collect = async (tokensPerSecond: number) => {
    const waits: number[] = [];
    const seen: string[] = [];
    for await (const token of paced(["a", " b", " c", " d"], tokensPerSecond, async (ms) => waits.push(ms)))
      seen.push(token);
    return { waits, seen };
  };

  it("waits one interval between tokens, none before the first", async () => {
    const { waits, seen } = await collect(20);
    expect(seen).toEqual(["a", " b", " c", " d"]);
    expect(waits).toEqual([50, 50, 50]);
  });

  it("0 tokens a second yields everything without waiting", async () => {
    const { waits, seen } = await collect(0);
    expect(seen).toEqual(["a", " b", " c", " d"]);
    expect(waits).toEqual([]);
  });

  it("the offline provider streams its answer through the pacer and the pieces make the chat answer", async () => {
    const waits: number[] = [];
    const provider = new OfflineProvider("offline", 30, async (ms) => waits.push(ms));
    const request = {
      messages: [{ role: "user" as const, content: "오늘 발표는 잘 끝났다. 질문에 답하기 어려웠다." }],
    };
    const tokens: string[] = [];
    for await (const token of provider.stream(request)) tokens.push(token);
    expect(tokens.length).toBeGreaterThan(3);
    expect(tokens.join("")).toBe(await provider.chat(request));
    expect(waits).toHaveLength(tokens.length - 1);
    expect(waits.every((ms) => Math.abs(ms - 1000 / 30) < 1e-9)).toBe(true);
  });
});

describe("stagePauseMs", () => {
  it("is off at 0, twenty tokens' time otherwise, and never more than 3 s", () => {
    expect(stagePauseMs(0)).toBe(0);
    expect(stagePauseMs(30)).toBe(667);
    expect(stagePauseMs(1000)).toBe(20);
    expect(stagePauseMs(0.5)).toBe(3000);
  });
});
