import type { Citation, CoachType } from "../../schemas/coach";
import { KNOWLEDGE_NAMESPACE } from "../../schemas/vectors";
import { scriptLanguage } from "../domain/chunking";
import { TYPE_NAMES } from "../domain/coach-prompt";
import { configOf, type AppEnv } from "../env";
import { createEmbedder } from "../ports/embeddings";
import { createLlm } from "../ports/llm";
import { createVectorIndex } from "../ports/vectors";

export type Generated = { interpretation: string; citations: Citation[]; provider: string; model: string };

/**
 * An interpretation of one leadership style, grounded in that style's own knowledge document:
 * its sections in the reader's language are the only context the model gets, and the document
 * (titled in that language) is the citation.
 */
export async function generateInterpretation(env: AppEnv, type: CoachType, locale: "en" | "ko"): Promise<Generated> {
  const config = configOf(env);
  const name = TYPE_NAMES[type];
  const [vector] = await createEmbedder(env, config).embed([
    locale === "ko"
      ? `${name.ko} 리더십의 강점, 주의할 점, 성장 계획`
      : `${name.en} leadership style strengths blind spots growth`,
  ]);
  // the style's whole document, then its sections in the reader's language (both sides exist)
  const all = await createVectorIndex(env, config).query(KNOWLEDGE_NAMESPACE, vector!, {
    topK: 20,
    filter: { docId: type },
  });
  const langOf = (m: (typeof all)[number]) =>
    m.metadata.lang === "ko" || m.metadata.lang === "en" ? m.metadata.lang : scriptLanguage(String(m.metadata.text));
  const own = all.filter((m) => langOf(m) === locale);
  const sections = (own.length > 0 ? own : all).slice(0, 6);
  const context = sections
    .map((s, i) => `[${i + 1}] ${String(s.metadata.section)}\n${String(s.metadata.text)}`)
    .join("\n\n");
  const ask =
    locale === "ko"
      ? `제 리더십 유형은 ${name.ko} 리더십입니다. 이 유형의 강점, 주의할 점, 그리고 앞으로 30일 동안 해 볼 성장 방법을 알려 주세요.`
      : `My leadership style is ${name.en}. Interpret it for me: my strengths, my blind spots, and how to grow over the next 30 days.`;
  const result = await createLlm(env, config).chat({
    messages: [
      {
        role: "system",
        content: `You are Edge Coach. Interpret the person's leadership style using only the excerpts from its guide, in ${locale === "ko" ? "Korean" : "English"}. Be specific and encouraging; use short sections.`,
      },
      { role: "system", content: `Excerpts:\n${context || "(the guide is not indexed yet)"}` },
      { role: "user", content: ask },
    ],
  });
  const first = sections[0];
  const citations = first ? [{ source: String(first.metadata.source), title: String(first.metadata.title) }] : [];
  return { interpretation: result.text, citations, provider: result.provider, model: result.model };
}
