import { hasHangul, terms } from "./text";

/**
 * Lexical evidence for retrieval and for the offline answer, on top of embedding similarity. The
 * hashing embedder spreads a long passage over many character n-grams, so a short question's few
 * content words weigh little against it; counting which of the question's terms a passage shares
 * (rarer terms count more, terms in the passage's title line count twice) restores them. English
 * words also match by a shared five-letter prefix ("delegate" ~ "delegation"); Korean words already
 * match by their leading syllables (see `stem` in text.ts).
 */

/**
 * Stems of words that ask rather than say what about ("어떻게", "방법", "make", "way"): every
 * passage has them, so they only add noise to matching. Korean stems are two syllables (text.ts).
 */
const ASKING = new Set(
  (
    "어떻 어떤 무엇 뭔가 언제 어디 누가 누구 있을 있나 있어 해야 하나 하면 할까 하죠 좋을 좋은 싶어 알려 주세 방법 " +
    "궁금 모르 생각 이야 don make get way want need know tell thing something anything good better someone"
  ).split(" "),
);

/** The question's content terms without asking words; all of them when nothing else is left. */
export function questionTerms(question: string): string[] {
  const all = [...new Set(terms(question))];
  const content = all.filter((t) => !ASKING.has(t));
  return content.length > 0 ? content : all;
}

const sharedPrefix = (a: string, b: string) => a.length >= 5 && b.length >= 5 && a.slice(0, 5) === b.slice(0, 5);

/** Whether `term` (a stem from `terms`) occurs in a set of a passage's terms. */
export function matchesTerm(term: string, passage: Set<string>): boolean {
  if (passage.has(term)) return true;
  if (hasHangul(term)) return false;
  for (const t of passage) if (sharedPrefix(term, t)) return true;
  return false;
}

/**
 * Per passage, the idf-weighted share of the question's terms it contains, in [0, 1] relative to
 * the best passage of the pool (0 for all when none shares a term). A passage's first line is its
 * "Title — Section" label and counts again, since a heading names what the section is about.
 */
export function lexicalScores(question: string, passages: string[]): number[] {
  const query = questionTerms(question);
  if (query.length === 0 || passages.length === 0) return passages.map(() => 0);
  const bodies = passages.map((p) => new Set(terms(p)));
  const heads = passages.map((p) => new Set(terms(p.split("\n", 1)[0] ?? "")));
  const df = new Map(query.map((q) => [q, bodies.filter((b) => matchesTerm(q, b)).length]));
  const idf = (q: string) => Math.log(1 + passages.length / Math.max(1, df.get(q) ?? 0));
  const raw = passages.map((_, i) =>
    query.reduce(
      (sum, q) => sum + (matchesTerm(q, bodies[i]!) ? idf(q) : 0) + (matchesTerm(q, heads[i]!) ? idf(q) : 0),
      0,
    ),
  );
  const best = Math.max(...raw);
  return best > 0 ? raw.map((r) => r / best) : raw;
}
