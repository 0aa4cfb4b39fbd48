// The coach's retrieval measured on natural questions in both languages (test/fixtures/retrieval-eval.json),
// against the real knowledge base indexed the way `npm run dev` seeds it; and the coach's language:
// English questions are cited and answered in English, Korean ones in Korean, interpretations in the
// reader's language.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import evalSet from "../fixtures/retrieval-eval.json";
import { scriptLanguage } from "../../workers/domain/chunking";
import { retrieve } from "../../workers/services/knowledge";
import { api, newUser } from "../helpers/api";
import { indexKnowledgeOnce } from "../helpers/knowledge";

beforeAll(() => indexKnowledgeOnce());

type Question = { lang: "en" | "ko"; question: string; expected: string[] };
const QUESTIONS = evalSet.questions as Question[];
const TOP = 3;
const BAR = 0.85;

const hangulShare = (text: string) => {
  const hangul = text.match(/[\uac00-\ud7af]/g)?.length ?? 0;
  const latin = text.match(/[A-Za-z]/g)?.length ?? 0;
  return hangul / Math.max(1, hangul + latin);
};

describe("retrieval evaluation", () => {
  it("has at least 30 questions in each language, each naming documents that exist", () => {
    for (const lang of ["en", "ko"] as const)
      expect(QUESTIONS.filter((q) => q.lang === lang).length).toBeGreaterThanOrEqual(30);
    for (const q of QUESTIONS) {
      expect(q.expected.length, q.question).toBeGreaterThan(0);
      expect(scriptLanguage(q.question), q.question).toBe(q.lang);
    }
  });

  it(`finds an expected document in the top ${TOP} for at least ${BAR * 100}% of the questions in each language`, async () => {
    const hits = { en: 0, ko: 0 };
    const totals = { en: 0, ko: 0 };
    const misses: string[] = [];
    for (const q of QUESTIONS) {
      const top = (await retrieve(env, q.question, { topK: TOP, lang: q.lang })).slice(0, TOP);
      // answers cite sections of the asker's language only
      expect(
        top.map((c) => c.lang),
        q.question,
      ).toEqual(top.map(() => q.lang));
      totals[q.lang]++;
      if (top.some((c) => q.expected.includes(c.source))) hits[q.lang]++;
      else misses.push(`${q.question} → ${top.map((c) => c.docId).join(", ")}`);
    }
    const rate = { en: hits.en / totals.en, ko: hits.ko / totals.ko };
    console.log(
      `retrieval top-${TOP} hit rate: English ${hits.en}/${totals.en} (${(rate.en * 100).toFixed(1)}%), ` +
        `Korean ${hits.ko}/${totals.ko} (${(rate.ko * 100).toFixed(1)}%)\nmissed:\n  ${misses.join("\n  ")}`,
    );
    expect(rate.en).toBeGreaterThanOrEqual(BAR);
    expect(rate.ko).toBeGreaterThanOrEqual(BAR);
  });
});

async function ask(token: string, content: string) {
  const created = await api("/v1/coach/sessions", { method: "POST", token, json: {} });
  const { id } = (await created.json()) as { id: string };
  const res = await api(`/v1/coach/sessions/${id}/messages`, { method: "POST", token, json: { content } });
  expect(res.status).toBe(200);
  return (await res.json()) as { content: string; citations: { source: string; title: string }[] };
}

describe("one language at a time", () => {
  it("answers an English question in English, citing English titles", async () => {
    const { token } = await newUser();
    const answer = await ask(token, "How do I delegate a task without micromanaging?");
    expect(answer.content).toMatch(/^\[Offline answer\]/);
    expect(hangulShare(answer.content)).toBe(0);
    expect(answer.citations.length).toBeGreaterThan(0);
    for (const c of answer.citations) expect(scriptLanguage(c.title), c.title).toBe("en");
    expect(answer.citations.map((c) => c.title)).toContain("Delegation and the Levels of Delegation");
    // built from sentences about delegating, not from headings or unrelated passages
    expect(answer.content).toMatch(/level|delegat|decide/i);
    expect(answer.content).not.toMatch(/ — /);
  });

  it("answers a Korean question in Korean, citing Korean titles", async () => {
    const { token } = await newUser();
    const answer = await ask(token, "팀원에게 업무를 위임할 때 권한을 어디까지 줘야 하나요?");
    expect(answer.content).toMatch(/^\[오프라인 응답\]/);
    expect(hangulShare(answer.content)).toBeGreaterThan(0.9);
    expect(answer.citations.length).toBeGreaterThan(0);
    for (const c of answer.citations) expect(scriptLanguage(c.title), c.title).toBe("ko");
    expect(answer.citations.map((c) => c.title)).toContain("위임과 위임의 단계");
    expect(answer.content).toMatch(/위임|단계|권한/);
  });

  it("answers a question without words in the profile's language", async () => {
    const { token } = await newUser();
    expect((await api("/v1/me/profile", { method: "PATCH", token, json: { locale: "ko" } })).status).toBe(200);
    const answer = await ask(token, "1:1?");
    expect(answer.content).toMatch(/^\[오프라인 응답\]/);
    expect(answer.citations.length).toBeGreaterThan(0);
    for (const c of answer.citations) expect(scriptLanguage(c.title), c.title).toBe("ko");
  });

  it("interprets a style in Korean for a Korean reader and in whole English sentences for an English one", async () => {
    const { token } = await newUser();
    const interpret = async (locale: "en" | "ko") => {
      const res = await api("/v1/coach/interpretation", {
        method: "POST",
        token,
        json: { leadershipType: "coaching", locale },
      });
      expect(res.status).toBe(200);
      return (await res.json()) as { interpretation: string; citations: { source: string; title: string }[] };
    };
    const ko = await interpret("ko");
    expect(ko.interpretation).toMatch(/^\[오프라인 응답\]/);
    expect(hangulShare(ko.interpretation)).toBeGreaterThan(0.9);
    expect(ko.citations[0]).toMatchObject({ source: "knowledge/types/coaching.md", title: "코칭형 리더십" });
    const en = await interpret("en");
    expect(hangulShare(en.interpretation)).toBe(0);
    expect(en.citations[0]).toMatchObject({ source: "knowledge/types/coaching.md", title: "Coaching Leadership" });
    // sentences, not headings strung together: every part ends like a sentence and none is a section title
    const body = en.interpretation.replace(/^\[Offline answer\]\s*/, "");
    expect(body).toMatch(/[.!?"]$/);
    expect(body).not.toMatch(/Coaching Leadership — |Signature behaviours|Blind spots and risks\b(?! )/);
    expect(body.split(/(?<=[.!?])\s+/).length).toBeGreaterThanOrEqual(2);
  });
});
