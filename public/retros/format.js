/** Pure helpers of the retrospectives page: lengths, tags, moods and dates in the chosen time zone. */
import { addDays, todayIn } from "../shared/days.js";
import { currentLocale, formatNumber } from "../shared/i18n.js";
import { clean } from "../shared/text.js";

export { clean, lengthOf, parseTags } from "../shared/text.js";

// from the first Emoticons range (U+1F600–1F640), which common text fonts also cover
export const MOODS = { 1: "😣", 2: "😟", 3: "😐", 4: "😊", 5: "😄" };
export const LIMITS = { purpose: 500, content: 20_000, tags: 10, tag: 32 };

export const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";

export function timeZones() {
  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return [...new Set(["UTC", ...zones, browserTimeZone()])].sort();
}

const locale = currentLocale;

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

export { addDays, todayIn };

export { formatNumber };

/**
 * The messages only this page can phrase (the tag count, a tag's own text); null leaves the rest to
 * the shared mapping (shared/problems.js), which reads the limits from the fields themselves.
 */
export function fieldMessage(error, tags = []) {
  const [field, index] = String(error.path ?? "").split(".");
  if (field !== "tags") return null;
  if (error.code === "too_big" && index === undefined)
    return { key: "retros.error.tooManyTags", vars: { max: LIMITS.tags } };
  if (error.code === "too_big") return { key: "field.maxLength", vars: { max: LIMITS.tag } };
  if (error.code === "invalid_format")
    return { key: "retros.error.tagFormat", vars: { tag: tags[Number(index)] ?? "" } };
  return null;
}
