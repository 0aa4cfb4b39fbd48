// Life-log events for the benchmark: every source, Korean and English text, instants with and without
// an offset, deterministic from a seed so two runs send the same mix.
import { rng } from "../seed/catalogue.mjs";

const MINUTE = 60_000;
const KST = 9 * 60; // minutes east of UTC

const APPS = [
  { app: "Slack", appCategory: "productivity" },
  { app: "YouTube", appCategory: "entertainment" },
  { app: "카카오톡", appCategory: "social" },
  { app: "Notion" },
  { app: "네이버 지도", appCategory: "navigation" },
  { app: "Instagram", appCategory: "social" },
  { app: "VS Code", appCategory: "developer tools" },
  { app: "밀리의 서재", appCategory: "books" },
];
const PLACES = ["home", "office", "gym", "회사", "집", "카페", "도서관", "Gangnam station"];
const TITLES = [
  "Weekly sync",
  "1:1 with Minji",
  "Design review",
  "팀 주간 회의",
  "고객사 미팅",
  "점심 약속",
  "스터디 모임",
  "Dentist",
];
const MANUAL = [
  { category: "chores", note: "빨래와 청소" },
  { category: "study", note: "Reading papers" },
  { category: "rest" },
  { category: "social", note: "친구 만남" },
  { category: "exercise", note: "한강 러닝" },
];

/** Source shares out of 100: screen time dominates a phone's stream, manual entries are rare. */
const MIX = [
  ["screen_time", 40],
  ["location", 20],
  ["calendar", 15],
  ["health", 15],
  ["manual", 10],
];

const pick = (r, list) => list[Math.floor(r() * list.length)];
const between = (r, lo, hi) => lo + Math.floor(r() * (hi - lo + 1));

/** RFC 3339 with `offset` minutes east of UTC (`Z` for 0), as devices in Seoul and elsewhere send them. */
export function instant(ms, offset = 0) {
  if (offset === 0) return new Date(ms).toISOString();
  const wall = new Date(ms + offset * MINUTE).toISOString().slice(0, 19);
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  return `${wall}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

function sourceOf(r) {
  let roll = r() * 100;
  for (const [source, share] of MIX) if ((roll -= share) < 0) return source;
  return "manual";
}

/** Metadata and length in minutes for one event of `source`. */
function body(source, r) {
  switch (source) {
    case "screen_time":
      return { metadata: pick(r, APPS), minutes: between(r, 1, 30) };
    case "location": {
      const metadata = { place: pick(r, PLACES) };
      if (r() < 0.5) metadata.geofenceId = `geo_${between(r, 1, 6)}`;
      return { metadata, minutes: between(r, 10, 120) };
    }
    case "calendar":
      return { metadata: { title: pick(r, TITLES), attendees: between(r, 0, 8) }, minutes: between(r, 30, 60) };
    case "health": {
      const kind = pick(r, ["steps", "steps", "workout", "sleep"]);
      if (kind === "sleep") return { metadata: { kind, value: between(r, 300, 480), unit: "min" }, minutes: 420 };
      if (kind === "workout") return { metadata: { kind, value: between(r, 150, 600), unit: "kcal" }, minutes: 45 };
      return { metadata: { kind, value: between(r, 200, 3000), unit: "count" }, minutes: between(r, 5, 30) };
    }
    default:
      return { metadata: pick(r, MANUAL), minutes: between(r, 15, 60) };
  }
}

/**
 * A stream of events: `next(startMs, deviceId?)` returns one event starting then, with a fresh id
 * (`<prefix>-<n>`, unique within the run), a source drawn from MIX and half the instants in KST.
 */
export function eventStream(prefix, seed) {
  const r = rng(seed);
  let n = 0;
  return {
    next(startMs, deviceId) {
      const source = sourceOf(r);
      const { metadata, minutes } = body(source, r);
      const offset = r() < 0.5 ? KST : 0;
      return {
        eventId: `${prefix}-${(n++).toString(36)}`,
        source,
        start: instant(startMs, offset),
        end: instant(startMs + minutes * MINUTE, offset),
        ...(deviceId ? { deviceId } : {}),
        metadata,
      };
    },
    get sent() {
      return n;
    },
  };
}

/** Midnight of `day` (YYYY-MM-DD) in Seoul, as an instant. */
export const seoulMidnight = (day) => Date.parse(`${day}T00:00:00+09:00`);

/** Today in Seoul, `n` days back (YYYY-MM-DD). */
export const seoulDay = (now, n = 0) => new Date(now + KST * MINUTE - n * 86_400_000).toISOString().slice(0, 10);

/**
 * `perDay` events on `day` (Seoul), spread evenly from 06:00 to midnight: a day's worth of a phone,
 * a watch and a calendar. Their lengths make neighbours overlap, which the timeline merges.
 */
export function dayOfEvents(stream, day, perDay, deviceId) {
  const from = seoulMidnight(day) + 6 * 60 * MINUTE;
  const step = (18 * 60 * MINUTE) / perDay;
  return Array.from({ length: perDay }, (_, i) => stream.next(Math.round(from + i * step), deviceId));
}
