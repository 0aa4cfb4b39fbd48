import { describe, expect, it } from "vitest";
import { lexicalScores } from "../../workers/domain/lexical-rank";

const DELEGATION = "Delegation — Five levels\nHand over the decision, not only the task.";
const MEETINGS = "Meetings — Agenda\nSend the agenda a day before and end with owners.";
const FEEDBACK_BODY = "Coaching — Practice\nAfter the session, ask for feedback on your feedback.";
const FEEDBACK_TITLE = "Feedback — SBI model\nName the situation, the behaviour and its impact.";

describe("lexicalScores", () => {
  it("matches English words by a shared five-letter prefix", () => {
    expect(lexicalScores("How do I delegate?", [MEETINGS, DELEGATION])).toEqual([0, 1]);
  });

  it("counts a term in the passage's title line twice", () => {
    const [body, title] = lexicalScores("feedback", [FEEDBACK_BODY, FEEDBACK_TITLE]);
    expect(title).toBe(1);
    expect(body).toBe(0.5);
  });

  it("matches Korean words by their leading syllables", () => {
    const scores = lexicalScores("회의를 어떻게 줄이나요?", [
      "회의 — 안건\n회의에서 결정할 것을 미리 보냅니다.",
      "위임 — 단계\n결정을 넘깁니다.",
    ]);
    expect(scores).toEqual([1, 0]);
  });

  it("gives the same scores when the same passages are ranked again for another question", () => {
    const passages = [DELEGATION, MEETINGS, FEEDBACK_BODY, FEEDBACK_TITLE];
    const first = lexicalScores("feedback on delegation", passages);
    lexicalScores("agenda for meetings", passages);
    expect(lexicalScores("feedback on delegation", [...passages])).toEqual(first);
    expect(lexicalScores("agenda for meetings", passages)).toEqual([0, 1, 0, 0]);
  });
});
