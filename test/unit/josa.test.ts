import { describe, expect, it } from "vitest";
import { josaFor, withJosa } from "../../workers/domain/josa";

describe("Korean particles by the final consonant", () => {
  it.each([
    ["요청", "이/가", "요청이"],
    ["회의", "이/가", "회의가"],
    ["발표", "을/를", "발표를"],
    ["피드백", "을/를", "피드백을"],
    ["동료", "와/과", "동료와"],
    ["팀장", "와/과", "팀장과"],
    ["프로젝트", "은/는", "프로젝트는"],
    ["일정", "은/는", "일정은"],
    ["마감", "으로/로", "마감으로"],
    ["회의", "으로/로", "회의로"],
    ["서울", "으로/로", "서울로"],
    ["연필", "으로/로", "연필로"],
    ["이메일", "을/를", "이메일을"],
    ["3개월", "이/가", "3개월이"],
    ["ㅋㅋ", "이/가", "ㅋㅋ이"],
  ] as const)("Hangul: %s + %s → %s", (word, pair, expected) => {
    expect(withJosa(word, pair)).toBe(expected);
  });

  it.each([
    ["Java", "을/를", "Java를"],
    ["Python", "을/를", "Python을"],
    ["React", "을/를", "React를"],
    ["Go", "을/를", "Go를"],
    ["Docker", "을/를", "Docker를"],
    ["Kotlin", "으로/로", "Kotlin으로"],
    ["Excel", "으로/로", "Excel로"],
    ["Google", "와/과", "Google과"],
    ["Spring", "이/가", "Spring이"],
    ["Git", "은/는", "Git은"],
    ["Slack", "으로/로", "Slack으로"],
    ["App", "을/를", "App을"],
    ["Web", "을/를", "Web을"],
    ["GitHub", "을/를", "GitHub를"],
    ["Kubernetes", "을/를", "Kubernetes를"],
    ["Zoom", "으로/로", "Zoom으로"],
    ["Node", "와/과", "Node와"],
    ["Blog", "을/를", "Blog를"],
    ["Layout", "이/가", "Layout이"],
    ["JavaScript", "은/는", "JavaScript는"],
    ["Magic", "이/가", "Magic이"],
    ["Boot", "을/를", "Boot를"],
    ["Group", "이/가", "Group이"],
  ] as const)("Latin words by their English ending: %s + %s → %s", (word, pair, expected) => {
    expect(withJosa(word, pair)).toBe(expected);
  });

  it.each([
    ["SQL", "을/를", "SQL을"],
    ["SQL", "으로/로", "SQL로"],
    ["AWS", "을/를", "AWS를"],
    ["API", "이/가", "API가"],
    ["HTML", "을/를", "HTML을"],
    ["CSS", "와/과", "CSS와"],
    ["GraphQL", "을/를", "GraphQL을"],
    ["iOS", "은/는", "iOS는"],
    ["C", "을/를", "C를"],
    ["R", "으로/로", "R로"],
  ] as const)("acronyms letter by letter: %s + %s → %s", (word, pair, expected) => {
    expect(withJosa(word, pair)).toBe(expected);
  });

  it.each([
    ["2", "이/가", "2가"],
    ["3", "이/가", "3이"],
    ["10", "이/가", "10이"],
    ["1", "으로/로", "1로"],
    ["7", "으로/로", "7로"],
    ["8", "으로/로", "8로"],
    ["6", "으로/로", "6으로"],
    ["4", "은/는", "4는"],
    ["9", "와/과", "9와"],
    ["0", "을/를", "0을"],
    ["1,000", "이/가", "1,000이"],
    ["2.5", "은/는", "2.5는"],
    ["Web3", "이/가", "Web3이"],
    ["50%", "을/를", "50%를"],
  ] as const)("digits in Sino-Korean: %s + %s → %s", (word, pair, expected) => {
    expect(withJosa(word, pair)).toBe(expected);
  });

  it("ignores trailing quotes, punctuation and closing brackets", () => {
    expect(withJosa("'요청'", "이/가")).toBe("'요청'이");
    expect(withJosa("“발표”", "을/를")).toBe("“발표”를");
    expect(withJosa("React)", "을/를")).toBe("React)를");
    expect(withJosa("SQL.", "으로/로")).toBe("SQL.로");
  });

  it("returns the particle alone and the written-both form for unreadable text", () => {
    expect(josaFor("요청", "이/가")).toBe("이");
    expect(josaFor("Java", "을/를")).toBe("를");
    expect(josaFor("東京", "을/를")).toBe("을(를)");
    expect(josaFor("🙂", "으로/로")).toBe("(으)로");
    expect(josaFor("", "은/는")).toBe("은(는)");
  });
});
