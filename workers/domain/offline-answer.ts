import { scriptLanguage, type Lang } from "./chunking";
import { hashEmbed } from "./hashing-embedder";
import { lexicalScores, matchesTerm, questionTerms, termSet, type TermSet } from "./lexical-rank";
import { hasHangul, sentences, words } from "./text";

/**
 * The offline provider's answer to a question: the sentences of the retrieved passages that are
 * most similar to the question, in the user's language. Passages are split into sentences; labels
 * (section headings, the "Title — Section" line each chunk starts with, bold list labels on their
 * own) are never candidates, so an answer is always made of whole sentences. Each candidate is
 * scored by the question's terms it shares (rarer terms count more; English words also match by a
 * shared five-letter prefix, so "delegate" finds "delegation") plus the hashing embedder's cosine
 * similarity; the best few, at most two from one passage, come back in their original order.
 */

const DIMENSIONS = 256;
const MAX_SENTENCES = 3;
const PER_PASSAGE = 2;
/** Passages the answer is drawn from, best first (retrieval's order). */
const TOP_PASSAGES = 2;
/** How much a passage's own match with the question lifts each of its sentences. */
const PASSAGE_WEIGHT = 1;
/** A question term found only in the passage's label counts this much for each of its sentences. */
const LABEL_SHARE = 0.5;
/** A candidate must reach this share of the best score: a weak fourth sentence only dilutes. */
const RELATIVE_FLOOR = 0.45;

type Candidate = { text: string; passage: number; position: number; lang: Lang; terms: TermSet };

/** The language of a question: its script, or (without letters) the language most passages use. */
export function questionLanguage(question: string, passages: string[]): Lang {
  if (hasHangul(question)) return "ko";
  if (/[A-Za-z]{2,}/.test(question) || passages.length === 0) return "en";
  const ko = passages.filter((p) => scriptLanguage(p) === "ko").length;
  return ko * 2 > passages.length ? "ko" : "en";
}

/** Markdown list markers and emphasis removed; a bold label ("**Level 1.** Do…") joined to its sentence. */
function plain(line: string): string {
  return line
    .replace(/^\s*(?:[-*+]|\d+[.)])\s+/, "")
    .replace(/\*\*([^*]+?)[.:]\*\*\s*/g, "$1: ")
    .replace(/\*\*|__|`/g, "")
    .trim();
}

const TERMINAL = /[.!?。！？…"')\]]$/u;

/** Whole sentences only: not a heading, not a chunk's title line, not a label without a verb. */
function isSentence(s: string): boolean {
  if (/^#/.test(s) || /^\[\d+\]/.test(s)) return false;
  const n = words(s).length;
  if (!TERMINAL.test(s)) return n >= 8 && !/ — /.test(s);
  return hasHangul(s) ? n >= 2 : n >= 3;
}

const quotes = (s: string) => (s.match(/"/g)?.length ?? 0) + (s.match(/[“”]/g)?.length ?? 0);

/**
 * Sentences rejoined where a split fell inside a quotation ("요즘 보였어요. 걱정돼서 … 지내요?"), so
 * no candidate starts or ends in the middle of someone's words.
 */
function wholeQuotes(parts: string[]): string[] {
  const out: string[] = [];
  let open = "";
  for (const part of parts) {
    open = open ? `${open} ${part}` : part;
    if (quotes(open) % 2 === 0) {
      out.push(open);
      open = "";
    }
  }
  if (open) out.push(open);
  return out;
}

/** A passage (one excerpt, or one message) → its candidate sentences. */
function candidatesOf(passage: string, index: number): Candidate[] {
  const lines = passage
    .split(/\n/)
    .filter((line) => !/^\s*#/.test(line) && !/^\s*\[\d+\]\s/.test(line))
    .map(plain)
    .filter(Boolean);
  return wholeQuotes(sentences(lines.join("\n")))
    .filter(isSentence)
    .map((text, position) => ({
      text,
      passage: index,
      position,
      lang: scriptLanguage(text),
      terms: termSet(text),
    }));
}

/** Excerpt blocks ("[1] Title — Section\n…") are passages of their own; other messages are one each. */
export function passagesOf(contents: string[]): string[] {
  return contents.flatMap((content) =>
    /^\[\d+\]\s/m.test(content) ? content.split(/^(?=\[\d+\]\s)/m).filter((p) => /^\[\d+\]\s/.test(p)) : [content],
  );
}

function cosine(a: number[], b: number[]): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot;
}

/**
 * Up to three sentences from `contents` (the passages, best first) that answer `question`, in
 * `lang` when any sentence in it shares a term with the question, else in whichever language does.
 * Empty when no sentence shares a term with the question.
 */
export function answerSentences(question: string, contents: string[], lang: Lang): string[] {
  const passages = passagesOf(contents);
  // the top passages first; the rest only when those two have too little to say
  const top = bestSentences(question, passages.slice(0, TOP_PASSAGES), lang);
  return top.length >= 2 || passages.length <= TOP_PASSAGES ? top : bestSentences(question, passages, lang);
}

function bestSentences(question: string, passages: string[], lang: Lang): string[] {
  const query = questionTerms(question);
  if (query.length === 0) return [];
  // a sentence in a passage about the question (by its terms, and by its rank) is the likelier answer
  const relevance = lexicalScores(question, passages).map((r, i) => PASSAGE_WEIGHT * r * Math.max(0.4, 1 - 0.15 * i));
  // what a passage's label ("[1] Delegation — Five levels") names, each of its sentences is about
  const labels = passages.map((p) => termSet(/^\[\d+\]\s*(.*)$/m.exec(p)?.[1] ?? ""));
  const all = passages.flatMap(candidatesOf);
  const df = new Map(query.map((q) => [q, all.filter((c) => matchesTerm(q, c.terms)).length]));
  const idf = (q: string) => Math.log(1 + all.length / Math.max(1, df.get(q) ?? 0));
  const questionVector = hashEmbed(question, { dimensions: DIMENSIONS });
  const matched = all.map((c) => {
    const own = query.filter((q) => matchesTerm(q, c.terms));
    const labelled = query.filter((q) => !own.includes(q) && matchesTerm(q, labels[c.passage]!));
    const overlap =
      own.reduce((sum, q) => sum + idf(q), 0) + LABEL_SHARE * labelled.reduce((sum, q) => sum + idf(q), 0);
    return { ...c, shared: own.length + labelled.length, overlap };
  });
  const maxOverlap = Math.max(1e-9, ...matched.map((c) => c.overlap));
  const scored = matched
    .filter((c) => c.shared > 0)
    .map((c) => {
      const similarity = cosine(questionVector, hashEmbed(c.text, { dimensions: DIMENSIONS }));
      // a question back to the reader ("What would you do?") prompts reflection; it is not an answer
      const asks = /[?？]["'”)]?$/.test(c.text) ? 0.5 : 1;
      return { ...c, score: asks * (c.overlap / maxOverlap + 0.5 * similarity + relevance[c.passage]!) };
    });
  const inLanguage = scored.filter((c) => c.lang === lang);
  const pool = (inLanguage.length > 0 ? inLanguage : scored).sort(
    (a, b) => b.score - a.score || a.passage - b.passage || a.position - b.position,
  );
  const best = pool[0]?.score ?? 0;
  // at most two sentences from one passage when several passages have something to say
  const cap = new Set(pool.map((c) => c.passage)).size > 1 ? PER_PASSAGE : MAX_SENTENCES;
  const perPassage = new Map<number, number>();
  const picked: typeof pool = [];
  const seen = new Set<string>();
  for (const c of pool) {
    if (picked.length >= MAX_SENTENCES || c.score < best * RELATIVE_FLOOR) break;
    const used = perPassage.get(c.passage) ?? 0;
    if (used >= cap || seen.has(c.text)) continue;
    perPassage.set(c.passage, used + 1);
    seen.add(c.text);
    picked.push(c);
  }
  return picked.sort((a, b) => a.passage - b.passage || a.position - b.position).map((c) => c.text);
}
