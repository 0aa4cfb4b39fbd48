import { accountStrings } from "../account/strings.js";
import { coachDemoStrings } from "../coach-demo/strings.js";
import { dashboardStrings } from "../dashboard/strings.js";
import { interviewStrings } from "../interview/strings.js";
import { lifelogStrings } from "../lifelog/strings.js";
import { recsStrings } from "../recs/strings.js";
import { retrosStrings } from "../retros/strings.js";
import { socialStrings } from "../social/strings.js";
import { sharedStrings } from "./strings.js";

/**
 * The one i18n mechanism of the pages: every UI string in English and Korean, in one dictionary
 * merged from the shared strings and each page's own. Elements carry `data-i18n="key"` (plus
 * optional `data-i18n-vars` JSON) so a language switch re-translates a page in place without
 * re-rendering forms the user is typing into.
 */
export const dictionary = Object.fromEntries(
  ["en", "ko"].map((lang) => [
    lang,
    Object.assign(
      {},
      ...[
        sharedStrings,
        dashboardStrings,
        retrosStrings,
        lifelogStrings,
        recsStrings,
        interviewStrings,
        coachDemoStrings,
        socialStrings,
        accountStrings,
      ].map((s) => s[lang]),
    ),
  ]),
);

const LANG_KEY = "edge-coach.lang";
const LOCALES = { en: "en-US", ko: "ko-KR" };
let lang = "en";

export const currentLang = () => lang;

/** The BCP 47 locale of the chosen language, for Intl formatters. */
export const currentLocale = () => LOCALES[lang] ?? "en-US";

/** A number in the chosen language ("–" when there is none). */
export const formatNumber = (n, digits = 1) =>
  n === null || n === undefined
    ? "–"
    : new Intl.NumberFormat(currentLocale(), { maximumFractionDigits: digits }).format(n);

export function t(key, vars = {}) {
  const text = dictionary[lang][key] ?? dictionary.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole));
}

/** `style`: "datetime" (date and time), "time", or "relative" ("in 12 hours"). */
export function formatTime(iso, style = "datetime") {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  if (style === "relative") {
    const seconds = Math.round((date.getTime() - Date.now()) / 1000);
    const units = [
      ["day", 86400],
      ["hour", 3600],
      ["minute", 60],
      ["second", 1],
    ];
    const [unit, size] = units.find(([, s]) => Math.abs(seconds) >= s) ?? units[3];
    return new Intl.RelativeTimeFormat(LOCALES[lang], { numeric: "auto" }).format(Math.round(seconds / size), unit);
  }
  const options = style === "time" ? { timeStyle: "medium" } : { dateStyle: "medium", timeStyle: "short" };
  return new Intl.DateTimeFormat(LOCALES[lang], options).format(date);
}

/** Re-translates every marked element under `root` (a document, an element or a shadow root). */
export function translate(root = document) {
  for (const el of root.querySelectorAll("[data-i18n]")) {
    el.textContent = t(el.dataset.i18n, el.dataset.i18nVars ? JSON.parse(el.dataset.i18nVars) : {});
  }
  for (const el of root.querySelectorAll("[data-i18n-placeholder]")) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of root.querySelectorAll("[data-i18n-label]")) el.setAttribute("aria-label", t(el.dataset.i18nLabel));
  for (const el of root.querySelectorAll("time[data-format]"))
    el.textContent = formatTime(el.dateTime, el.dataset.format);
}

/** Sets the language everywhere; listeners of `langchange` re-render what translate() cannot reach. */
export function setLang(next) {
  lang = next in dictionary ? next : "en";
  try {
    localStorage.setItem(LANG_KEY, lang);
  } catch {
    // storage can be disabled; the choice then lasts for this page only
  }
  document.documentElement.lang = lang;
  translate();
  window.dispatchEvent(new CustomEvent("langchange", { detail: { lang } }));
}

/** The stored language, else the browser's. */
export function preferredLang() {
  let stored = null;
  try {
    stored = localStorage.getItem(LANG_KEY);
  } catch {
    stored = null;
  }
  return stored in dictionary ? stored : /^ko\b/i.test(navigator.language ?? "") ? "ko" : "en";
}
