/** Pure helpers of the retrospectives page: lengths, tags, moods and dates in the chosen time zone. */
import { currentLang, t } from "./i18n.js";

const LOCALES = { en: "en-US", ko: "ko-KR" };
// from the first Emoticons range (U+1F600–1F640), which common text fonts also cover
export const MOODS = { 1: "😣", 2: "😟", 3: "😐", 4: "😊", 5: "😄" };
export const LIMITS = { purpose: 500, content: 20_000, tags: 10, tag: 32 };

/**
 * What is sent: NFC, so Hangul pasted decomposed (NFD, one jamo per code point) counts one per
 * syllable, and trimmed, as the server trims before it checks the length.
 */
export const clean = (text) => text.normalize("NFC").trim();

/**
 * The length the server's limit measures: zod's max() counts UTF-16 code units, so a Hangul
 * syllable is 1 and most emoji are 2. Counting anything else would let the counter say "fits"
 * for text the API then rejects.
 */
export const lengthOf = (text) => clean(text).length;

/** "회의, 리더십，코칭" → ["회의", "리더십", "코칭"]; full-width and ideographic commas too. */
export const parseTags = (text) =>
  [...new Set(text.split(/[,，、]/).map((tag) => clean(tag)))].filter((tag) => tag.length > 0);

export const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";

export function timeZones() {
  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return [...new Set(["UTC", ...zones, browserTimeZone()])].sort();
}

const locale = () => LOCALES[currentLang()] ?? "en-US";

/** Date and time of an ISO instant as seen in `timeZone`. */
export function formatInstant(iso, timeZone) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return new Intl.DateTimeFormat(locale(), { dateStyle: "medium", timeStyle: "short", timeZone }).format(date);
}

/** A calendar day "YYYY-MM-DD" (no time zone: it already is one). */
export function formatDay(day, style = "medium") {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return String(day);
  const options = style === "short" ? { month: "numeric", day: "numeric" } : { dateStyle: "medium" };
  return new Intl.DateTimeFormat(locale(), { ...options, timeZone: "UTC" }).format(date);
}

/** "Nov 23 – 29, 2026"; a single day when both ends are the same. */
export function formatDayRange(from, to) {
  const [start, end] = [from, to].map((day) => new Date(`${day}T00:00:00Z`));
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || end < start) return `${from} – ${to}`;
  return new Intl.DateTimeFormat(locale(), { dateStyle: "medium", timeZone: "UTC" }).formatRange(start, end);
}

/** Today's calendar day in `timeZone`, "YYYY-MM-DD" (en-CA formats dates that way). */
export const todayIn = (timeZone, now = new Date()) =>
  new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);

export function addDays(day, days) {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export const formatNumber = (n, digits = 1) =>
  n === null || n === undefined ? "–" : new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(n);

/**
 * A field error in the page's language when its code is one we can phrase; the server's own
 * message otherwise (its messages are English only).
 */
export function fieldMessage(error) {
  const field = String(error.path ?? "").split(".")[0];
  if (error.code === "too_big" && field === "tags" && !error.path.includes(".")) {
    return t("retros.error.tooManyTags", { max: LIMITS.tags });
  }
  const max = LIMITS[field === "tags" ? "tag" : field];
  if (error.code === "too_big" && max) return t("retros.error.tooLong", { max: formatNumber(max) });
  if (error.code === "too_small") return t("retros.error.required");
  if (error.code === "invalid_format" && field === "tags") return t("retros.error.tagFormat", { tag: error.tag ?? "" });
  return error.message;
}
