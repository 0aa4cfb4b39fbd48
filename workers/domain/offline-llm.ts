import type { ChatMessage } from "../../schemas/llm";
import { OFFLINE_LABEL, OFFLINE_PHRASES, cueForField, cueScore, type Cue } from "./cue-words";
import { answerSentences, questionLanguage } from "./offline-answer";
import { recommendations, sortSentences, summary, type Sorted } from "./offline-feedback";
import { hasHangul, sentences } from "./text";

/**
 * The embedded LLM: deterministic and extractive. It never invents text; it selects sentences
 * from the conversation (retrieved context first, then the user's own words) and labels the
 * answer as offline in the user's language.
 */
type Lang = "en" | "ko";

const lastUser = (messages: ChatMessage[]) => [...messages].reverse().find((m) => m.role === "user")?.content ?? "";

export const languageOf = (text: string): Lang => (hasHangul(text) ? "ko" : "en");

/** Top `n` sentences by score, returned in their original order so the answer reads naturally. */
function pick(candidates: string[], score: (s: string) => number, n: number): string[] {
  return candidates
    .map((s, i) => ({ s, i, score: score(s) }))
    .filter((c) => c.score > 0)
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .slice(0, n)
    .sort((a, b) => a.i - b.i)
    .map((c) => c.s);
}

export function offlineChat(messages: ChatMessage[]): string {
  const question = lastUser(messages);
  // Earlier assistant turns are our own output, and when a prompt has several system messages the
  // first holds instructions: quoting either back would only echo. The passages' sentences most
  // like the question, in its language, are the answer (offline-answer.ts).
  const systems = messages.filter((m) => m.role === "system");
  const instructions = systems.length > 1 ? systems[0] : undefined;
  const context = messages
    .filter((m) => m.role !== "assistant" && m !== instructions && m.content !== question)
    .map((m) => m.content);
  // the question's script; for a question without words ("1:1?"), the language of the passages
  const lang = questionLanguage(question, context);
  const grounded = answerSentences(question, context, lang);
  if (grounded.length > 0) return `${OFFLINE_LABEL[lang]} ${grounded.join(" ")}`;
  const own = sentences(question);
  const salient = pick(own, (s) => 1 + cueScore(s, "positive") + cueScore(s, "negative"), 2);
  const body = salient.length > 0 ? salient.join(" ") : OFFLINE_PHRASES[lang].noSignal;
  return `${OFFLINE_LABEL[lang]} ${OFFLINE_PHRASES[lang].reflect} ${body}`;
}

/** Splits an answer into word-sized tokens (keeping spacing) for streaming. */
export function tokenize(text: string): string[] {
  return text.match(/\s*\S+\s*$|\s*\S+|\s+$/g) ?? [];
}

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  anyOf?: JsonSchema[];
};

/** Fills a JSON Schema from the user's text: string lists by cue words, strings by salience. */
export function offlineStructured(jsonSchema: object, messages: ChatMessage[]): unknown {
  const schema = jsonSchema as JsonSchema;
  const text = lastUser(messages);
  const lang = languageOf(text);
  const all = sentences(text);
  return fill(schema, "", { text, all, lang, sorted: sortSentences(text), used: new Set() });
}

/** `used` holds the sentences already placed, so none appears under two fields. */
type Source = { text: string; all: string[]; lang: Lang; sorted: Sorted; used: Set<string> };

function byCue(src: Source, cue: Cue | undefined, n: number): string[] {
  const { sorted, used } = src;
  const free = (list: string[]) => list.filter((s) => !used.has(s));
  let picked: string[];
  if (cue === "positive") {
    // a habit stands in for a strength only when another habit is left for keep-doing
    const strengths = free(sorted.strength);
    picked = strengths.length > 0 || free(sorted.habit).length < 2 ? strengths : free(sorted.habit).slice(0, 1);
  } else if (cue === "habit") picked = free(sorted.habit);
  else if (cue === "negative" || cue === "regret") picked = free(sorted.weakness);
  else if (cue === "action") picked = recommendations(sorted, src.lang, n).filter((s) => !used.has(s));
  else picked = free(src.all);
  picked = picked.slice(0, n);
  for (const s of picked) used.add(s);
  return picked;
}

/** What a list says when nothing in the entry belongs in it: said plainly, never made up. */
const emptyLine = (lang: Lang, cue: Cue | undefined): string => {
  const empty = OFFLINE_PHRASES[lang].empty;
  if (cue === "positive" || cue === "habit" || cue === "action") return empty[cue];
  return cue === "negative" || cue === "regret" ? empty.negative : OFFLINE_PHRASES[lang].noSignal;
};

function clampText(s: string, schema: JsonSchema): string {
  const max = schema.maxLength ?? Infinity;
  const out = s.length > max ? s.slice(0, max) : s;
  return out.length < (schema.minLength ?? 0) ? out.padEnd(schema.minLength ?? 0, ".") : out;
}

function fill(schema: JsonSchema, field: string, src: Source): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  if (schema.anyOf?.length) return fill(schema.anyOf[0]!, field, src);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const [key, prop] of Object.entries(schema.properties ?? {})) out[key] = fill(prop, key, src);
      return out;
    }
    case "array": {
      const max = Math.min(schema.maxItems ?? 3, 3);
      const min = schema.minItems ?? 0;
      const items = schema.items ?? {};
      // enum and const items are filled from the schema, since a sentence would fall outside them
      if (items.type !== "string" || items.enum?.length || items.const !== undefined) {
        return Array.from({ length: min }, () => fill(items, field, src));
      }
      const cue = cueForField(field);
      const picked = byCue(src, cue, max);
      if (picked.length === 0 && max > 0) picked.push(emptyLine(src.lang, cue));
      while (picked.length < min) picked.push(emptyLine(src.lang, cue));
      return picked.map((s) => clampText(s, items));
    }
    case "string": {
      if (/summary/i.test(field)) return clampText(summary(src.text, src.sorted, src.lang), schema);
      const lead = src.all.slice(0, 2).join(" ") || OFFLINE_PHRASES[src.lang].noSignal;
      return clampText(`${OFFLINE_LABEL[src.lang]} ${lead}`, schema);
    }
    case "number":
    case "integer":
      return numberWithin(schema, type === "integer");
    case "boolean":
      return false;
    case "null":
      return null;
    default:
      return null;
  }
}

/** The value closest to zero that the schema's bounds allow. */
function numberWithin(schema: JsonSchema, integer: boolean): number {
  const step = integer ? 1 : 0.5;
  let lo = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + step : -Infinity);
  let hi = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - step : Infinity);
  if (integer) [lo, hi] = [Math.ceil(lo), Math.floor(hi)];
  return Math.min(Math.max(0, lo), hi);
}
