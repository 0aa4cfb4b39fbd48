// The offline answer is made of the retrieved passages' sentences most like the question, in the
// asker's language: over the real knowledge base, as the coach's prompt presents it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ChatMessage } from "../../schemas/llm";
import { buildCoachPrompt } from "../../workers/domain/coach-prompt";
import { chunkMarkdown, type Chunk } from "../../workers/domain/chunking";
import { answerSentences } from "../../workers/domain/offline-answer";
import { offlineChat } from "../../workers/domain/offline-llm";
import { ROOT } from "../helpers/source-files";

const doc = (path: string) => {
  const id = path.replace(/^.*\//, "").replace(/\.md$/, "");
  return chunkMarkdown(id, readFileSync(join(ROOT, "knowledge", path), "utf8")).chunks;
};
const section = (chunks: Chunk[], heading: string) => chunks.find((c) => c.section === heading)!;
const delegation = doc("guides/delegation-levels.md");
const conflict = doc("guides/resolving-team-conflict.md");

const prompt = (question: string, context: Chunk[]): ChatMessage[] =>
  buildCoachPrompt({
    question,
    type: null,
    context: context.map((c) => ({ source: c.docId, title: c.title, section: c.section, text: c.text })),
    history: [],
    historyBudget: 1000,
  });

describe("offline answers", () => {
  it("answers a delegation question with sentences about delegation levels, not about irreparable relationships", () => {
    // in retrieval's order: the delegation guide's sections first, a conflict guide's section that
    // shares "team" and "work" with the question after them
    const context = [
      section(delegation, "Five levels of delegation"),
      section(delegation, "Choosing the right level"),
      section(conflict, "When it does not resolve"),
    ];
    const answer = offlineChat(prompt("How do I delegate work to someone on my team?", context));
    expect(answer).toMatch(/^\[Offline answer\] /);
    // the delegation guide's sentences ("Do exactly this: I have decided…"), none of the conflict guide's
    expect(answer).toMatch(/level|decide|authority/i);
    expect(answer).not.toMatch(/irreparable|wider team|rumours/);
  });

  it("never answers with a heading or a chunk's title line", () => {
    const context = delegation.filter((c) => c.lang === "en").slice(0, 4);
    const answer = offlineChat(prompt("What are the levels of delegation?", context));
    expect(answer).not.toMatch(/Delegation and the Levels of Delegation — /);
    expect(answer).not.toMatch(/Five levels of delegation(?! [a-z])/);
    for (const sentence of answer.replace(/^\[Offline answer\] /, "").split(/(?<=[.!?])\s+/))
      expect(sentence.split(/\s+/).length, sentence).toBeGreaterThanOrEqual(3);
  });

  it("answers in the asker's language when the passages hold both", () => {
    const both = [...delegation.slice(0, 3), ...delegation.filter((c) => c.lang === "ko").slice(0, 3)];
    const contents = both.map((c, i) => `[${i + 1}] ${c.title} — ${c.section}\n${c.text}`);
    const ko = answerSentences("업무를 위임할 때 단계를 어떻게 정하나요?", [contents.join("\n\n")], "ko");
    expect(ko.length).toBeGreaterThanOrEqual(1);
    for (const s of ko) expect(s).toMatch(/[\uac00-\ud7af]/);
    const en = answerSentences("How do I choose the level of delegation?", [contents.join("\n\n")], "en");
    expect(en.length).toBeGreaterThanOrEqual(1);
    for (const s of en) expect(s).not.toMatch(/[\uac00-\ud7af]/);
  });

  it("keeps a quotation whole instead of starting a sentence inside it", () => {
    const text =
      '[1] Burnout — Talking\nDescribe what you noticed, then ask. "You seemed worn out. How are you doing?" Then listen fully.';
    const picked = answerSentences("How do I ask someone who seems worn out how they are doing?", [text], "en");
    expect(picked).toContain('"You seemed worn out. How are you doing?" Then listen fully.');
  });
});
