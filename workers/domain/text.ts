/** Text helpers shared by the embedder and the offline provider; Hangul-aware throughout. */

const HANGUL = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/;

export const hasHangul = (text: string): boolean => HANGUL.test(text);

const ASCII = /^[\x00-\x7f]*$/;
const encoder = new TextEncoder();

/** UTF-8 byte length without encoding ASCII text (most JSON that travels is), e.g. a queue message's size. */
export const utf8Length = (text: string): number => (ASCII.test(text) ? text.length : encoder.encode(text).length);

export const normalize = (text: string): string => text.normalize("NFKC").toLowerCase();

/** Words are maximal runs of letters, marks and digits in any script. */
export function words(text: string): string[] {
  return normalize(text).match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
}

/**
 * Sentence split on Latin and CJK terminators and on line breaks. Korean sentences mostly end
 * in "다." / "요." which the period already covers; "。" and "！" appear in pasted CJK text.
 */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?。！？])\s+|\n+/u)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * Korean attaches particles to nouns ("회의를", "회의에서"), so two Hangul words share meaning when
 * they share a leading syllable pair; matching on that stem is the offline equivalent of a stemmer.
 */
export function stem(word: string): string {
  if (hasHangul(word)) return word.length > 2 ? word.slice(0, 2) : word;
  // a light English suffix strip ("meetings", "meeting" → "meet"), enough for overlap scoring
  const stripped = word.replace(/(?:ings|ing|edly|ed|es|s|ly)$/, "");
  if (stripped === word || stripped.length < 3) return word;
  return stripped.replace(/([b-df-hj-kmnp-rtv-z])\1$/, "$1"); // "shipped" → "ship"
}

const STOP_WORDS = new Set(
  (
    "a an the and or but if of to in on at by for with from as is are was were be been being do does did " +
    "i me my we our you your he she it its they them their this that these those what which who how why when where " +
    "can could should would will just so than then there here about into not no yes very more most some any all " +
    "그리고 그러나 하지만 그래서 또는 그 이 저 것 수 등 및 좀 더 아주 정말 너무"
  ).split(" "),
);

const isContent = (w: string) => !STOP_WORDS.has(w) && (w.length > 1 || hasHangul(w));

/** Content terms of a text: stemmed words without stop words, for overlap between texts. */
export function terms(text: string): string[] {
  return words(text).filter(isContent).map(stem);
}

/** Content words with their stems, so a theme found by stem can be shown as a real word. */
export function termWords(text: string): { term: string; word: string }[] {
  return words(text)
    .filter(isContent)
    .map((word) => ({ term: stem(word), word }));
}

/**
 * Korean particles and the 하다/되다/이다 endings that follow a noun, longest first. Stripping them
 * leaves the noun: "요청에" → "요청", "요청했으면" → "요청", "회의에서는" → "회의".
 */
const KO_ENDINGS = (
  "했었는데 했더라면 하였으면 했으면서 했었다 했는데 했지만 했더니 했으면 하였다 했어요 했습니다 합니다 하면서 " +
  "했다 했고 했던 했을 해서 해야 해요 하다 하고 하는 하기 하지 하며 하면 하게 하여 한다 하자 " +
  "되었다 됐다 되어 돼서 되는 되고 된다 된 되기 " +
  "이었다 였다 였고 이다 입니다 이라 이에요 예요 " +
  "에서는 에서도 에게는 에게서 으로는 으로도 까지는 부터는 한테서 이랑은 에서 에게 께서 으로 부터 까지 보다 " +
  "처럼 한테 이랑 만큼 에는 에도 과는 와는 을 를 은 는 이 가 에 께 와 과 랑 도 만 의 로 한"
).split(" ");

/** Nouns whose last syllable looks like a particle ("결과" is not "결" + 과, "만족도" not "만족" + 도). */
const KO_WHOLE = new Set(
  (
    "회의 강의 논의 토의 합의 문의 동의 결과 성과 효과 정도 속도 태도 시도 의도 만족도 집중도 완성도 이해도 " +
    "난이도 신뢰도 전문가 평가 경로 진로 사이 차이 아이 나이 하루 한계 한국 이야기"
  ).split(" "),
);

const KO_STOP = new Set(
  (
    "것 수 때 중 후 전 등 및 또 좀 더 덜 잘 못 안 꼭 늘 참 이 그 저 나 너 우리 저희 제 내 " +
    "그리고 그러나 하지만 그래서 그런데 그래도 다만 또한 사실 솔직히 이번 지난 다음 오늘 어제 내일 " +
    "일찍 늦게 빨리 미리 먼저 다시 계속 항상 매일 자주 가끔 조금 많이 너무 정말 아주 같이 함께 모두 전부 " +
    "좋았을 텐데 아쉽다 아쉬움 후회 있는 없는 있게 없이 같은 다른 어떤 이런 그런 제대로 충분히"
  ).split(" "),
);

const EN_STOP = new Set(
  (
    "also too really still again much many lot lots got get gets getting went go goes going make made " +
    "didn doesn don wasn weren couldn shouldn wouldn isn aren haven hasn hadn won ve ll re im " +
    "had has have having wish wished week today yesterday tomorrow day time earlier later early late " +
    "one two three first last next new thing things way bit felt feel"
  ).split(" "),
);

const syllableFinal = (ch: string) => ((ch.codePointAt(0) ?? 0) - 0xac00) % 28;
const isSyllable = (ch: string) => /[\uac00-\ud7a3]/.test(ch);

/** The noun of a Korean word: particles and 하다-style endings stripped (at most twice), or the word. */
export function koreanStem(word: string): string {
  let w = word;
  for (let round = 0; round < 2 && !KO_WHOLE.has(w); round++) {
    const ending = KO_ENDINGS.find((e) => w.endsWith(e) && w.length - e.length >= (e.length === 1 ? 2 : 1));
    if (!ending || [...KO_WHOLE].some((n) => w.endsWith(n) && n.length > ending.length)) break;
    w = w.slice(0, -ending.length);
  }
  return w;
}

/** A Korean word that still carries a tense marker (ㅆ: 했, 았, 었, 겠) is a predicate, not a theme. */
const isPredicate = (w: string) =>
  [...w].some((ch) => isSyllable(ch) && syllableFinal(ch) === 20) || /[다요까죠]$/.test(w);

/**
 * Content words of a text, for themes: Korean nouns without their particles and endings, English
 * words lower-cased without stop words, grouped by a light stem (`key`) and shown as `word`.
 */
export function contentWords(text: string): { key: string; word: string }[] {
  const out: { key: string; word: string }[] = [];
  for (const raw of words(text)) {
    if (hasHangul(raw)) {
      const noun = koreanStem(raw);
      if (noun.length < 2 || KO_STOP.has(noun) || KO_STOP.has(raw) || isPredicate(noun)) continue;
      out.push({ key: noun, word: noun });
    } else if (/^\p{L}+$/u.test(raw) && raw.length > 2 && !STOP_WORDS.has(raw) && !EN_STOP.has(raw)) {
      out.push({ key: stem(raw), word: raw });
    }
  }
  return out;
}
