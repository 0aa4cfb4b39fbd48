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

const PREFIX = 5;
/**
 * A passage's terms as matching reads them: the terms, and the five-letter prefixes of the long ones,
 * so an English word's prefix is looked up rather than compared with every term.
 */
export type TermSet = { terms: Set<string>; prefixes: Set<string> };

export function termSet(text: string): TermSet {
  const all = new Set(terms(text));
  const prefixes = new Set<string>();
  for (const t of all) if (t.length >= PREFIX) prefixes.add(t.slice(0, PREFIX));
  return { terms: all, prefixes };
}

/**
 * Whether `term` (a stem from `terms`) occurs in a passage's terms: as itself, or (English) by sharing
 * the first five letters with one of them; a Hangul stem matches only itself.
 */
export function matchesTerm(term: string, passage: TermSet): boolean {
  return (
    passage.terms.has(term) ||
    (term.length >= PREFIX && !hasHangul(term) && passage.prefixes.has(term.slice(0, PREFIX)))
  );
}

type PassageTerms = { body: TermSet; head: TermSet };

/**
 * Passages' terms by their text, computed once per isolate. Retrieval ranks the same knowledge
 * chunks for every question (up to 60 a turn, 1,800 characters each), and tokenising them was most
 * of a turn's retrieval time; the question's terms are the only part that changes. Bounded: the
 * oldest entries go first once it holds more than a knowledge base's worth of passages.
 */
const PASSAGE_CACHE_SIZE = 2048;
const passageCache = new Map<string, PassageTerms>();

function passageTerms(text: string): PassageTerms {
  let cached = passageCache.get(text);
  if (!cached) {
    cached = { body: termSet(text), head: termSet(text.split("\n", 1)[0] ?? "") };
    if (passageCache.size >= PASSAGE_CACHE_SIZE) passageCache.delete(passageCache.keys().next().value!);
    passageCache.set(text, cached);
  }
  return cached;
}

/**
 * Per passage, the idf-weighted share of the question's terms it contains, in [0, 1] relative to
 * the best passage of the pool (0 for all when none shares a term). A passage's first line is its
 * "Title — Section" label and counts again, since a heading names what the section is about.
 */
export function lexicalScores(question: string, passages: string[]): number[] {
  const query = questionTerms(question);
  if (query.length === 0 || passages.length === 0) return passages.map(() => 0);
  const parsed = passages.map(passageTerms);
  const df = new Map(query.map((q) => [q, parsed.filter((p) => matchesTerm(q, p.body)).length]));
  const idf = (q: string) => Math.log(1 + passages.length / Math.max(1, df.get(q) ?? 0));
  const raw = parsed.map((p) =>
    query.reduce((sum, q) => sum + (matchesTerm(q, p.body) ? idf(q) : 0) + (matchesTerm(q, p.head) ? idf(q) : 0), 0),
  );
  const best = Math.max(...raw);
  return best > 0 ? raw.map((r) => r / best) : raw;
}
