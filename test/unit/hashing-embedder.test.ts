import { describe, expect, it } from "vitest";
import { hashEmbed } from "../../workers/domain/hashing-embedder";

// the dimension the HashingEmbedder port uses by default
const DIMENSIONS = 384;

const embed = (text: string, dimensions = DIMENSIONS) => hashEmbed(text, { dimensions });
const length = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
const similarity = (a: string, b: string) => {
  const [x, y] = [embed(a), embed(b)];
  return x.reduce((s, v, i) => s + v * y[i]!, 0) / (length(x) * length(y));
};

type RankingCase = { query: string; paraphrase: string; unrelated: string };

const english: RankingCase[] = [
  {
    query: "How can I run better meetings?",
    paraphrase: "Tips for running more effective meetings",
    unrelated: "The price of bananas rose in March",
  },
  {
    query: "How do I give feedback to my manager?",
    paraphrase: "Giving feedback to your boss",
    unrelated: "The train to Busan leaves at noon",
  },
  {
    query: "I struggle to prioritize my tasks",
    paraphrase: "How to prioritise tasks when everything is urgent",
    unrelated: "My cat sleeps on the sofa all day",
  },
  {
    query: "How should I prepare for a job interview?",
    paraphrase: "Preparing for interviews: a checklist",
    unrelated: "Rainfall totals for the coastal region",
  },
];

// the paraphrases share stems but not particles or endings ("회의를"/"회의", "준비해야"/"준비")
const korean: RankingCase[] = [
  { query: "회의를 더 잘 진행하는 방법", paraphrase: "효과적인 회의 진행 팁", unrelated: "3월에 바나나 가격이 올랐다" },
  {
    query: "상사에게 피드백을 주는 방법",
    paraphrase: "상사에게 피드백 전달하기",
    unrelated: "부산행 기차는 정오에 출발한다",
  },
  {
    query: "업무 우선순위를 정하기가 어렵다",
    paraphrase: "우선순위를 정하는 요령",
    unrelated: "고양이가 하루 종일 소파에서 잔다",
  },
  { query: "면접을 어떻게 준비해야 하나요?", paraphrase: "면접 준비 체크리스트", unrelated: "해안 지역의 강수량 통계" },
  {
    query: "팀 회의를 더 효율적으로 하고 싶다",
    paraphrase: "회의 시간을 줄이는 방법",
    unrelated: "오늘 저녁 메뉴는 김치찌개다",
  },
];

const mixed: RankingCase[] = [
  { query: "How to run 회의 better", paraphrase: "회의를 잘 run 하는 tips", unrelated: "바나나 price in March" },
  { query: "1:1 미팅에서 feedback 주는 법", paraphrase: "1:1 meeting feedback 요령", unrelated: "주말 날씨 forecast" },
];

describe("hashEmbed", () => {
  it("returns an identical vector every time it embeds the same text", () => {
    const text = "Tips for running more effective meetings, 회의를 잘 진행하는 방법";
    expect(embed(text)).toEqual(embed(text));
  });

  it.each([
    ["English", "How can I run better meetings?"],
    ["Korean", "회의를 더 잘 진행하는 방법"],
    ["mixed", "1:1 미팅에서 feedback 주는 법"],
  ])("returns a unit-length vector for %s text", (_, text) => {
    expect(Math.abs(length(embed(text)) - 1)).toBeLessThan(1e-9);
  });

  it.each([
    ["empty", ""],
    ["punctuation-only", "?!... — ,;:()"],
  ])("returns the zero vector for %s text", (_, text) => {
    const vector = embed(text);
    expect(vector).toHaveLength(DIMENSIONS);
    expect(vector.every((x) => x === 0)).toBe(true);
  });

  it.each([64, 384, 1024])("returns a vector of the %i dimensions asked for", (dimensions) => {
    const vector = embed("How can I run better meetings?", dimensions);
    expect(vector).toHaveLength(dimensions);
    expect(Math.abs(length(vector) - 1)).toBeLessThan(1e-9);
  });

  it("gives different texts different vectors", () => {
    expect(embed("run better meetings")).not.toEqual(embed("the price of bananas"));
  });

  it.each(english)("ranks an English paraphrase of $query above an unrelated text", (c) => {
    expect(similarity(c.query, c.paraphrase)).toBeGreaterThan(similarity(c.query, c.unrelated));
  });

  it.each(korean)("ranks a Korean paraphrase of $query above an unrelated text despite particles", (c) => {
    expect(similarity(c.query, c.paraphrase)).toBeGreaterThan(similarity(c.query, c.unrelated));
  });

  it.each(mixed)("ranks a mixed-language paraphrase of $query above an unrelated text", (c) => {
    expect(similarity(c.query, c.paraphrase)).toBeGreaterThan(similarity(c.query, c.unrelated));
  });
});
