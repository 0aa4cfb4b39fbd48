/** Formatting shared by the recommendations page: prices, categories, Korean particles, trace ids. */
import { currentLang, dictionary } from "../shared/i18n.js";
import { h } from "../shared/ui.js";

const LOCALES = { en: "en-US", ko: "ko-KR" };

/** The API's prices carry no currency, so they are shown as plain numbers with two decimals. */
export const formatPrice = (n) =>
  Number(n).toLocaleString(LOCALES[currentLang()], { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A translated category name when we know the slug, else the slug itself. */
export function categoryLabel(slug) {
  const key = `category.${slug}`;
  return key in dictionary.en ? h("span", { i18n: key }) : h("span", {}, slug);
}

export const categoryText = (slug) => dictionary[currentLang()][`category.${slug}`] ?? slug;

// Readings of a final digit: 2 이, 4 사, 5 오, 9 구 end in a vowel; 0 (십/백/천/만/영) and the rest in a consonant.
const VOWEL_DIGITS = new Set(["2", "4", "5", "9"]);

/**
 * 와 after a vowel, 과 after a consonant. Titles often end in a number or a Latin word; digits are
 * read in Korean, anything else we cannot sound out falls back to the written-both form 와(과).
 */
export function josaWa(word) {
  const last = String(word).trim().slice(-1);
  const code = last.charCodeAt(0);
  if (code >= 0xac00 && code <= 0xd7a3) return (code - 0xac00) % 28 === 0 ? "와" : "과";
  if (/\d/.test(last)) return VOWEL_DIGITS.has(last) ? "와" : "과";
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
