import type { Category, Source } from "../../../schemas/lifelog";
import { localHour } from "./days";
import type { LearnedLayer } from "./learned";
import { APP_CATEGORIES, APPS, HOME, KEYWORDS, PARTICLES, PLACES, type Rule, SHORT_NOUNS, STOP_WORDS } from "./rules";
import type { Pattern } from "./types";

/** An event as the classifier sees it: `metadata` is the validated METADATA[source] object, places in plain text. */
export type ActivityInput = { source: Source; start: number; end: number; metadata: Record<string, unknown> };
export type Classification = { category: Category; confidence: number };

const HANGUL_WORD = /^[\uac00-\ud7a3]+$/;
// "1:1" is a meeting, not two numbers; hyphens and apostrophes stay inside words ("stand-up", "gold's")
const TOKEN = /1\s*:\s*1|[\p{L}\p{M}\p{N}]+(?:['’-][\p{L}\p{M}\p{N}]+)*/gu;

const normalise = (text: string) => text.normalize("NFKC").toLowerCase().trim();

// compounds that end in a keyword ending in a particle's syllable ("주간회의", "영어강의") keep it
const KEEP = [...Object.keys(KEYWORDS), ...Object.keys(PLACES)]
  .map((k) => k.normalize("NFKC"))
  .filter((k) => HANGUL_WORD.test(k) && k.length >= 2);

/** Korean nouns carry particles ("회의에서"); strip one when what is left still reads as a noun. */
export function stripParticle(word: string): string {
  if (!HANGUL_WORD.test(word) || KEEP.some((k) => word.endsWith(k))) return word;
  for (const particle of PARTICLES) {
    if (!word.endsWith(particle)) continue;
    const stem = word.slice(0, -particle.length);
    // "회의" ends in the particle "의" but "회" alone is not the word; two syllables or a known noun is
    if (stem.length >= 2 || SHORT_NOUNS.has(stem)) return stem;
  }
  return word;
}

// a device sends the same few apps, places and titles all day: a batch tokenizes each once
const tokenCache = new Map<string, string[]>();
const TOKEN_CACHE_SIZE = 5000;

/** Normalised words: NFKC, lower case, split on punctuation; particles stripped from prose, not from names. */
export function tokens(text: string, prose = true): string[] {
  const key = `${prose ? "p" : "n"}${text}`;
  const cached = tokenCache.get(key);
  if (cached) return cached;
  const words = (normalise(text).match(TOKEN) ?? []).map((t) => t.replace(/\s+/g, ""));
  const result = prose ? words.map(stripParticle) : words;
  if (tokenCache.size >= TOKEN_CACHE_SIZE) tokenCache.clear();
  tokenCache.set(key, result);
  return result;
}

/** Calendar title words as a pattern keeps them: no stop words or bare numbers, distinct, sorted. */
function titleWords(title: string): string[] {
  const kept = tokens(title).filter((w) => !STOP_WORDS.has(w) && !/^\d+$/.test(w));
  return [...new Set(kept)].sort().slice(0, 12);
}

type Index = Map<string, Rule>;

const name = (text: string) => tokens(text, false).join(" ");

const indexOf = (table: Record<string, [Category, number]>, key: (k: string) => string): Index =>
  new Map(Object.entries(table).map(([k, [category, confidence]]) => [key(k), { category, confidence }]));

const APP_INDEX = indexOf(APPS, name);
const APP_CATEGORY_INDEX = indexOf(APP_CATEGORIES, name);
const PLACE_INDEX = indexOf(PLACES, name);
const KEYWORD_INDEX = indexOf(KEYWORDS, (k) => tokens(k).join(" "));
const HOME_WORDS = new Set([...HOME].map(name));

type Hit = Rule & { length: number; at: number };

/**
 * Every table entry found in `words`: runs of up to four words ("visual studio code"), and inside a
 * Hangul word any stretch of two or more syllables, because Korean writes compounds without spaces
 * ("주간회의", "스터디카페"). A one-syllable key has to be the whole word.
 */
function hits(words: string[], index: Index): Hit[] {
  const found: Hit[] = [];
  for (let i = 0; i < words.length; i++) {
    for (let n = 1; n <= 4 && i + n <= words.length; n++) {
      const key = words.slice(i, i + n).join(" ");
      const rule = index.get(key);
      if (rule) found.push({ ...rule, length: key.length, at: i });
    }
    const word = words[i]!;
    if (!HANGUL_WORD.test(word)) continue;
    for (let from = 0; from < word.length; from++)
      for (let to = from + 2; to <= word.length; to++) {
        if (from === 0 && to === word.length) continue; // the whole word was looked up above
        const rule = index.get(word.slice(from, to));
        if (rule) found.push({ ...rule, length: to - from, at: i });
      }
  }
  return found;
}

/** The longest name wins ("google maps" over "google"); among equals the more confident. */
function bestName(words: string[], index: Index): Rule | null {
  let best: Hit | null = null;
  for (const h of hits(words, index))
    if (!best || h.length > best.length || (h.length === best.length && h.confidence > best.confidence)) best = h;
  return best && { category: best.category, confidence: best.confidence };
}

/**
 * The most confident keyword wins, the later one among equals (titles name the activity last: "exam
 * review", "팀 회식"); a keyword of another category in the same title costs confidence.
 */
function bestKeyword(words: string[]): Rule | null {
  let best: Hit | null = null;
  const all = hits(words, KEYWORD_INDEX);
  for (const h of all)
    if (!best || h.confidence > best.confidence || (h.confidence === best.confidence && h.at >= best.at)) best = h;
  if (!best) return null;
  const { category, confidence } = best;
  return { category, confidence: all.some((h) => h.category !== category) ? confidence - 0.15 : confidence };
}

function hourBand(hour: number): Pattern["hourBand"] {
  return hour < 6 ? "night" : hour < 12 ? "morning" : hour < 18 ? "afternoon" : "evening";
}

export function patternOf(input: ActivityInput, tz: string): Pattern {
  const pattern: Pattern = { source: input.source, hourBand: hourBand(localHour(input.start, tz)) };
  const m = input.metadata;
  const text = (key: string) => (typeof m[key] === "string" ? name(m[key]) : "");
  if (input.source === "screen_time") {
    if (text("app")) pattern.app = text("app");
    if (text("appCategory")) pattern.appCategory = text("appCategory");
  } else if (input.source === "location") {
    if (text("place")) pattern.place = text("place");
  } else if (input.source === "calendar") {
    pattern.words = typeof m.title === "string" ? titleWords(m.title) : [];
  } else if (input.source === "health") {
    if (m.kind === "steps" || m.kind === "sleep" || m.kind === "workout") pattern.healthKind = m.kind;
  }
  return pattern;
}

const UNKNOWN: Classification = { category: "other", confidence: 0.2 };
const split = (s: string | undefined) => (s ? s.split(" ") : []);

function screenTime(pattern: Pattern): Classification {
  const app = bestName(split(pattern.app), APP_INDEX);
  const category = bestName(split(pattern.appCategory), APP_CATEGORY_INDEX);
  if (app && category?.category === app.category) return { ...app, confidence: Math.min(0.9, app.confidence + 0.05) };
  return app ?? category ?? UNKNOWN;
}

function place(pattern: Pattern): Classification {
  const words = split(pattern.place);
  if (words.some((w) => HOME_WORDS.has(w)) || HOME_WORDS.has(pattern.place ?? "")) {
    if (pattern.hourBand === "night") return { category: "sleep", confidence: 0.7 };
    return { category: "rest", confidence: pattern.hourBand === "evening" ? 0.6 : 0.45 };
  }
  const named = bestName(words, PLACE_INDEX);
  if (named) return named;
  // "강남역", "서울역": a Hangul place ending in 역 is a station
  if (words.some((w) => HANGUL_WORD.test(w) && w.length >= 2 && w.endsWith("역")))
    return { category: "commute", confidence: 0.75 };
  return UNKNOWN;
}

function calendar(input: ActivityInput, pattern: Pattern): Classification {
  const keyword = bestKeyword(pattern.words ?? []);
  if (keyword) return keyword;
  const attendees = typeof input.metadata.attendees === "number" ? input.metadata.attendees : 0;
  // an unnamed event with other people is a meeting in working hours and company after them
  if (attendees >= 2) {
    const working = pattern.hourBand === "morning" || pattern.hourBand === "afternoon";
    return working ? { category: "work", confidence: 0.5 } : { category: "social", confidence: 0.45 };
  }
  return UNKNOWN;
}

/** Steps per minute: a run is above 130, a walk 60–130, pottering about below. */
function health(input: ActivityInput, pattern: Pattern): Classification {
  if (pattern.healthKind === "sleep") return { category: "sleep", confidence: 0.9 };
  if (pattern.healthKind === "workout") return { category: "exercise", confidence: 0.9 };
  if (pattern.healthKind !== "steps") return UNKNOWN;
  const minutes = (input.end - input.start) / 60_000;
  const value = typeof input.metadata.value === "number" ? input.metadata.value : 0;
  const rate = minutes > 0 ? value / minutes : 0;
  if (rate >= 130) return { category: "exercise", confidence: 0.75 };
  if (rate < 60) return { category: "other", confidence: 0.3 };
  if (pattern.hourBand === "morning" || pattern.hourBand === "evening")
    return { category: "commute", confidence: 0.55 };
  return { category: "exercise", confidence: 0.5 };
}

/** The rule baseline: what the event says on its own, with how far that is worth trusting. */
export function baseline(input: ActivityInput, pattern: Pattern): Classification {
  switch (input.source) {
    case "manual": {
      const category = input.metadata.category as Category;
      return { category, confidence: 1 };
    }
    case "screen_time":
      return screenTime(pattern);
    case "location":
      return place(pattern);
    case "calendar":
      return calendar(input, pattern);
    case "health":
      return health(input, pattern);
  }
}

/**
 * RescueTime-style precedence: what the user said about this very app, place, title or health signal
 * beats the rules; what they taught about something broader (an app category, one word of a title)
 * only wins where the rules are less sure. A manual event is the user's own word and is never overridden.
 */
export function classify(
  input: ActivityInput,
  tz: string,
  learned: LearnedLayer | null,
): Classification & { classifiedBy: "learned" | "baseline" } {
  const pattern = patternOf(input, tz);
  const base = baseline(input, pattern);
  if (input.source === "manual" || learned === null) return { ...base, classifiedBy: "baseline" };
  const taught = learned.predict(pattern);
  if (taught && (taught.specific || taught.confidence > base.confidence))
    return { category: taught.category, confidence: taught.confidence, classifiedBy: "learned" };
  return { ...base, classifiedBy: "baseline" };
}
