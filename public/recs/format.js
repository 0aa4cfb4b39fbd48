/** Formatting shared by the recommendations page: prices, categories, Korean particles, trace ids. */
import { currentLang, dictionary } from "../shared/i18n.js";
import { h } from "../shared/ui.js";

const LOCALES = { en: "en-US", ko: "ko-KR" };

/**
 * A price in the page's language and the item's currency: ₩18,900 or US$24.99 in Korean, ₩18,900 or
 * $24.99 in English. Without a currency (an answer from before items had one) a plain number.
 */
export function formatPrice(n, currency) {
  const locale = LOCALES[currentLang()];
  if (!currency) return Number(n).toLocaleString(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return new Intl.NumberFormat(locale, { style: "currency", currency }).format(Number(n));
}

/** Digits after the decimal point a currency's prices have (KRW and JPY: none). */
export const currencyDigits = (currency) =>
  new Intl.NumberFormat("en", { style: "currency", currency: currency || "USD" }).resolvedOptions()
    .maximumFractionDigits;

/** A translated category name when we know the slug, else the slug itself. */
export function categoryLabel(slug) {
  const key = `category.${slug}`;
  return key in dictionary.en ? h("span", { i18n: key }) : h("span", {}, slug);
}

export const categoryText = (slug) => dictionary[currentLang()][`category.${slug}`] ?? slug;

// Readings of a final digit: 2 이, 4 사, 5 오, 9 구 end in a vowel; 0 (십/백/천/만/영) and the rest in a consonant.
const VOWEL_DIGITS = new Set(["2", "4", "5", "9"]);

// Loanwords ending in -l, -m, -n or -ng end in a final consonant (차콜, 에디션, 링); other letters are read
// with a vowel (샌드, 키트, 헤드폰스).
const CONSONANT_LATIN = /(?:[lmn]|ng)$/i;

/**
 * 와 after a vowel, 과 after a consonant. Titles often end in a number, a bracket or a Latin word:
 * digits are read in Korean, Latin words by their last sound (Pen → 펜과, Sand → 샌드와), and trailing
 * brackets and punctuation are skipped; anything else falls back to the written-both form 와(과).
 */
export function josaWa(word) {
  const text = String(word)
    .trim()
    .replace(/[\s)\]}"'.,!?+–-]+$/u, "");
  const last = text.slice(-1);
  const code = last.charCodeAt(0);
  if (code >= 0xac00 && code <= 0xd7a3) return (code - 0xac00) % 28 === 0 ? "와" : "과";
  if (/\d/.test(last)) return VOWEL_DIGITS.has(last) ? "와" : "과";
  if (/[A-Za-z]/.test(last)) return CONSONANT_LATIN.test(text) ? "과" : "와";
  return "와(과)";
}

/** crypto.randomUUID exists only in secure contexts; a LAN address over http is not one. */
export function traceId() {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
