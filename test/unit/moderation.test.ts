import { describe, expect, it } from "vitest";
import { createModerator } from "../../workers/ports/moderation";
import { moderate, REPEAT_LIMIT } from "../../workers/ports/moderation/rules";

describe("the default moderation rules", () => {
  it.each([
    ["plain English", "Great run, keep it up!"],
    ["plain Korean", "오늘도 수고했어요! 내일 같이 달려요 ㅋㅋ"],
    ["seven of one character", "ㅋㅋㅋㅋㅋㅋㅋ and !!!!!!!"],
    ["a word that merely contains a listed one", "Shiitake and Dickens; the scunthorpe problem is not ours"],
    ["시발점 (a starting point)", "여기가 우리 프로젝트의 시발점이에요"],
    ["a decimal number", "I ran 5.5 km in 31.2 minutes"],
  ])("approves %s", (_, text) => {
    expect(moderate(text)).toEqual({ moderation: "approved", reason: null });
  });

  it.each([
    ["an http link", "see https://spam.example/deal"],
    ["a www link", "visit www.cheap-pills.example"],
    ["a bare domain", "buy at bestdeals.com today"],
    ["a Korean sentence with a link", "여기 보세요 bit.ly/abc 대박"],
  ])("holds %s as pending (link)", (_, text) => {
    expect(moderate(text)).toEqual({ moderation: "pending", reason: "link" });
  });

  it.each([
    ["eight ㅋ", "ㅋ".repeat(REPEAT_LIMIT)],
    ["eight ㅎ in a sentence", "좋아요 ㅎㅎㅎㅎㅎㅎㅎㅎㅎ"],
    ["eight !", "wow!!!!!!!!"],
    ["a stretched word", "soooooooooo good"],
    ["Hangul syllables", "와아아아아아아아아"],
  ])("holds %s as pending (repeated characters)", (_, text) => {
    expect(moderate(text)).toEqual({ moderation: "pending", reason: "repeated_characters" });
  });

  it.each([
    ["an English insult", "you are a bastard"],
    ["an English word with a suffix", "FUCKING useless"],
    ["a Korean swear word", "씨발 진짜"],
    ["a Korean swear word split by a space", "씨 발"],
    ["a Korean insult", "이 병신아"],
    ["jamo shorthand", "ㅅㅂ 뭐야"],
    ["full-width letters", "ｆｕｃｋ"],
  ])("rejects %s (word list)", (_, text) => {
    expect(moderate(text)).toEqual({ moderation: "rejected", reason: "word_list" });
  });

  it("rejects before it holds: a listed word with a link is rejected", () => {
    expect(moderate("병신 https://x.example").moderation).toBe("rejected");
  });

  it("the port's default moderator applies the same rules", async () => {
    await expect(createModerator().check("ㅋㅋㅋㅋㅋㅋㅋㅋ")).resolves.toEqual({
      moderation: "pending",
      reason: "repeated_characters",
    });
  });
});
