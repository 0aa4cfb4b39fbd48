// Demo life-logs: two weeks of a plausible day per demo user (Korean for demo-ko, English for
// demo-en), and a cohort of fourteen people sharing one affiliation so label insights have enough
// contributors to answer. Event ids derive from the user and the day: re-seeding changes nothing.

import { rng } from "./catalogue.mjs";

const DAY_MS = 86_400_000;
export const DEMO_COHORT = { key: "affiliation", value: "Edge Coach Demo Lab", domain: "demo.edge-coach.dev" };
export const COHORT_USERS = Array.from({ length: 14 }, (_, i) => `demo-cohort-${String(i + 1).padStart(2, "0")}`);

const WORDS = {
  ko: {
    standup: "데일리 스탠드업",
    review: "주간 회의",
    lunch: "팀 점심",
    study: "알고리즘 스터디",
    dinner: "친구와 저녁",
    home: "집",
    office: "회사",
    gym: "헬스장",
    cafe: "카페",
  },
  en: {
    standup: "Daily standup",
    review: "Weekly review meeting",
    lunch: "Team lunch",
    study: "Algorithms study group",
    dinner: "Dinner with friends",
    home: "home",
    office: "office",
    gym: "gym",
    cafe: "cafe",
  },
};

const hash = (text) => [...text].reduce((h, ch) => (Math.imul(h, 31) + ch.codePointAt(0)) >>> 0, 7);

/**
 * One day (UTC midnight `dayStart`, local times shifted by `offsetHours`) of a working person's events:
 * sleep, commute, office with a meeting, some YouTube, a workout on some days, an evening at home.
 */
function dayEvents(userId, dayStart, locale, offsetHours, rnd) {
  const w = WORDS[locale];
  const day = new Date(dayStart).toISOString().slice(0, 10);
  const at = (hour) => dayStart + (hour - offsetHours) * 3_600_000;
  const events = [];
  const add = (source, fromHour, minutes, metadata) =>
    events.push({
      eventId: `demo-${hash(userId)}-${day}-${events.length}`,
      source,
      start: new Date(at(fromHour)).toISOString(),
      end: new Date(at(fromHour) + minutes * 60_000).toISOString(),
      metadata,
    });
  const weekday = new Date(dayStart).getUTCDay() % 6 !== 0;
  const jitter = () => Math.round(rnd() * 4) / 4;
  add("health", 0, 7 * 60 + Math.round(rnd() * 60), { kind: "sleep", value: 7 });
  if (weekday) {
    add("location", 8 + jitter(), 30, { place: locale === "ko" ? "지하철역" : "station" });
    add("location", 9, 9 * 60, { place: w.office });
    add("calendar", 9.5, 15, { title: w.standup, attendees: 6 });
    add("screen_time", 10, 90, { app: "VS Code", appCategory: "developer tools" });
    add("calendar", 12, 60, { title: w.lunch });
    add("screen_time", 13, 120, { app: "Slack" });
    if (rnd() < 0.5) add("calendar", 15, 60, { title: w.review, attendees: 8 });
    add("screen_time", 16.5, 20 + Math.round(rnd() * 20), { app: "YouTube" });
    add("location", 18 + jitter(), 40, { place: locale === "ko" ? "버스" : "bus" });
  } else {
    add("location", 10, 120, { place: w.cafe });
    add("calendar", 10, 120, { title: w.study });
    add("calendar", 18, 120, { title: w.dinner });
  }
  if (rnd() < 0.6) add("health", 19.5, 45 + Math.round(rnd() * 30), { kind: "workout", value: 50, unit: "min" });
  add("screen_time", 21, 60 + Math.round(rnd() * 60), { app: rnd() < 0.5 ? "Netflix" : "YouTube" });
  add("location", 22.5, 90, { place: w.home });
  return events;
}

/** `days` days ending yesterday (UTC), newest last. */
export function demoLifelog(userId, { locale = "en", days = 14, offsetHours = 0, now = Date.now() } = {}) {
  const rnd = rng(hash(userId));
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  return Array.from({ length: days }, (_, i) => today - (days - i) * DAY_MS).flatMap((start) =>
    dayEvents(userId, start, locale, offsetHours, rnd),
  );
}
