#!/usr/bin/env node
// Measures the life-log classifier on a generated, labelled month: the rule baseline alone, then after
// 5, 20 and 50 corrections per user. Deterministic (seeded PRNG, no clock), so every run prints the same
// table and writes it into docs/LIFELOG-CLASSIFIER.md. Usage: npm run eval:classifier [-- --no-write]
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { format, resolveConfig } from "prettier";
import { createRng } from "./train-classifier.mjs";

const ROOT = resolve(import.meta.dirname, "..");
const DOC = join(ROOT, "docs/LIFELOG-CLASSIFIER.md");
const SEED = 20_261_205;
const DAYS = 30;
const TRAIN_DAYS = 20; // corrections come from the first 20 days; the last 10 are held out
const STEPS = [5, 20, 50];
const PULSE = 5 * 60_000;

/** The TypeScript domain modules, bundled by esbuild (wrangler's own dependency) and imported. */
async function loadDomain() {
  const entry = ["classify", "learned", "merge", "days"]
    .map((m) => `export * from "./workers/domain/lifelog/${m}";`)
    .join("\n");
  const out = await build({
    stdin: { contents: entry, resolveDir: ROOT, loader: "ts" },
    bundle: true,
    write: false,
    format: "esm",
    platform: "neutral",
    logLevel: "error",
  });
  const dir = mkdtempSync(join(tmpdir(), "eval-classifier-"));
  try {
    const file = join(dir, "domain.mjs");
    writeFileSync(file, out.outputFiles[0].text);
    return await import(pathToFileURL(file).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Minutes where two block lists (sorted, non-overlapping) agree on the category, and the truth's minutes. */
function agreement(truth, predicted) {
  let right = 0;
  let total = 0;
  let j = 0;
  for (const t of truth) {
    total += t.end - t.start;
    while (j < predicted.length && predicted[j].end <= t.start) j++;
    for (let k = j; k < predicted.length && predicted[k].start < t.end; k++) {
      const p = predicted[k];
      if (p.category === t.category) right += Math.min(p.end, t.end) - Math.max(p.start, t.start);
    }
  }
  return { right, total };
}

function evaluateUser(domain, user, month) {
  const { classify, patternOf, LearnedLayer, mergeTimeline, eventIdOfEntry } = domain;
  const corrections = [];
  const corrected = new Set();
  let learned = null;
  const classified = (e) =>
    corrected.has(e.eventId)
      ? { category: e.truth, confidence: 1, classifiedBy: "correction" }
      : classify(e, user.tz, learned);
  const timeline = (day, truth) =>
    mergeTimeline(
      day.events.map((e) => {
        const c = classified(e);
        return { ...e, ...c, category: truth ? e.truth : c.category, place: e.metadata.place ?? null };
      }),
      day.window,
      PULSE,
    );

  /** Held-out days: share of timeline minutes and of events in the right category. */
  const score = () => {
    let minutes = { right: 0, total: 0 };
    let events = { right: 0, total: 0 };
    for (const day of month.slice(TRAIN_DAYS)) {
      const a = agreement(timeline(day, true), timeline(day, false));
      minutes = { right: minutes.right + a.right, total: minutes.total + a.total };
      for (const e of day.own)
        events = { right: events.right + (classified(e).category === e.truth), total: events.total + 1 };
    }
    return { minutes: minutes.right / minutes.total, events: events.right / events.total, made: corrections.length };
  };

  // the user reads their days in order and corrects the first wrong block they see, until none is left
  const results = [score()];
  const byId = new Map(month.flatMap((d) => d.events.map((e) => [e.eventId, e])));
  let step = 0;
  for (const day of month.slice(0, TRAIN_DAYS)) {
    for (;;) {
      if (corrections.length === STEPS[STEPS.length - 1]) break;
      const wrong = timeline(day, false).find((b) => {
        const lead = byId.get(eventIdOfEntry(b.id));
        return !corrected.has(lead.eventId) && b.category !== lead.truth;
      });
      if (!wrong) break;
      const lead = byId.get(eventIdOfEntry(wrong.id));
      corrected.add(lead.eventId);
      corrections.push({ pattern: patternOf(lead, user.tz), category: lead.truth, at: lead.start });
      learned = new LearnedLayer(corrections);
      while (step < STEPS.length && corrections.length === STEPS[step]) {
        results.push(score());
        step++;
      }
    }
  }
  // a user with fewer wrong blocks than a step stops correcting early: score what they taught
  while (results.length < STEPS.length + 1) results.push(score());
  return results;
}

// ── the synthetic month ──────────────────────────────────────────────────────────────────────────
// Every event carries its truth. The rules can know the common meaning of an app, word or place; each
// user also has habits they cannot know (YouTube is an editor's work, a café is where a student
// studies, a gym with an odd name, a personal calendar vocabulary), which only corrections can teach.

const ROLES = ["developer", "office", "student", "remote", "editor", "freelancer"];
const ZONES = {
  ko: ["Asia/Seoul"],
  en: ["America/New_York", "Europe/London"],
  mix: ["Asia/Seoul", "America/New_York"],
};
const PERSONAL = [
  ["Focus block", "집중 시간", "work"],
  ["Choir practice", "성가대 연습", "social"],
  ["Bouldering", "볼더링", "exercise"],
  ["Pottery", "도자기 공방", "leisure"],
  ["Volunteering", "봉사활동", "social"],
  ["Mentoring", "멘토링", "work"],
  ["Piano", "피아노", "leisure"],
  ["Therapy", "상담", "rest"],
  ["Book club", "독서 모임", "social"],
  ["Language exchange", "언어교환", "study"],
  ["Brunch with Jay", "브런치", "social"],
];
const ODD_GYMS = ["Iron Temple", "Blue Whale", "Forge", "스파르타", "바디채널", "머슬팩토리"];
const WORK_APPS = {
  developer: ["Visual Studio Code", "Slack", "GitHub", "Terminal"],
  office: ["Excel", "Outlook", "Slack", "PowerPoint"],
  remote: ["Visual Studio Code", "Slack", "Zoom", "Notion"],
  editor: ["Premiere Pro", "YouTube", "Slack", "Frame.io"],
  freelancer: ["Figma", "Notion", "Gmail", "Illustrator"],
  student: ["Anki", "GoodNotes", "Notion", "Naver"],
};
// apps the rules do not know; what each is for depends on the user
const NICHE_APPS = [
  ["Obsidian", ["study", "work", "leisure"]],
  ["Procreate", ["leisure", "work"]],
  ["Lichess", ["leisure"]],
  ["Blind", ["leisure", "work"]],
  ["리멤버", ["work"]],
  ["Calm", ["rest"]],
  ["Todoist", ["work", "chores"]],
  ["Kream", ["leisure", "chores"]],
  ["Pokémon GO", ["exercise", "leisure"]],
  ["밀리의 서재", ["leisure", "study"]],
];
const MEETINGS = [
  ["Weekly sync", "주간 회의"],
  ["1:1", "1:1 면담"],
  ["Sprint planning", "스프린트 계획"],
  ["Client call", "고객사 미팅"],
  ["Design crit", "디자인 크리틱"],
  ["OKR check-in", "OKR 점검"],
  ["Daily", "데일리"],
];
const LECTURES = [
  ["Calculus lecture", "미적분 강의"],
  ["Study group", "스터디"],
  ["Physics class", "물리 수업"],
];

function shuffle(rng, xs) {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function usersOf(rng) {
  const chance = (p) => rng.uniform() < p;
  const one = (xs) => xs[Math.floor(rng.uniform() * xs.length)];
  return Array.from({ length: 50 }, (_, i) => {
    const role = ROLES[i % ROLES.length];
    const lang = ["ko", "en", "mix"][rng.pick([0.45, 0.25, 0.3])];
    const personal = shuffle(rng, PERSONAL).slice(0, 1 + Math.floor(rng.uniform() * 3));
    return {
      id: `u${i}`,
      role,
      lang,
      tz: one(ZONES[lang]),
      habits: {
        cafe: role === "freelancer" || (role === "student" && chance(0.6)),
        naverStudy: role === "student" && chance(0.6),
        kakaoWork: lang !== "en" && (role === "office" || role === "developer") && chance(0.6),
        instaWork: role === "office" && chance(0.4),
        notionLeisure: chance(0.35),
        oddGym: chance(0.5) ? one(ODD_GYMS) : null,
        dogWalk: chance(0.3),
        lunchAlone: chance(0.3),
      },
      gymDays: new Set([1, 2, 3, 4, 5].filter(() => chance(0.4))),
      niche: shuffle(rng, NICHE_APPS)
        .slice(0, 2 + Math.floor(rng.uniform() * 3))
        .map(([name, uses]) => ({ name, truth: one(uses) })),
      personal: personal.map((p, k) => ({ en: p[0], ko: p[1], truth: p[2], weekday: (i + 2 * k) % 7 })),
    };
  });
}

function monthOf(domain, user, rng, days) {
  const month = [];
  const one = (xs) => xs[Math.floor(rng.uniform() * xs.length)];
  const say = (en, ko) => (user.lang === "ko" || (user.lang === "mix" && rng.uniform() < 0.5) ? ko : en);
  const jitter = (minutes) => minutes + Math.round((rng.uniform() - 0.5) * 20);
  for (let d = 0; d < days; d++) {
    const day = domain.addDays("2026-03-01", d);
    const window = domain.dayBounds(day, user.tz);
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    const events = [];
    const at = (minute) => window.start + minute * 60_000;
    const add = (source, from, to, metadata, truth) =>
      events.push({
        eventId: `${user.id}-${d}-${events.length}`,
        source,
        start: at(from),
        end: at(to),
        metadata,
        truth,
      });
    const app = (name, from, length, truth) => add("screen_time", from, from + length, { app: name }, truth);
    const place = (label, from, to, truth) => add("location", from, to, { place: label }, truth);
    const h = user.habits;
    const home = say("Home", "집");
    const working = weekday >= 1 && weekday <= 5;
    // location visits are split where the activity changes, so each event has one true category
    const bed = jitter(-15);
    const wake = jitter(working ? 7 * 60 : 8 * 60 + 30);
    add("health", bed, wake, { kind: "sleep", value: wake - bed }, "sleep");
    place(home, bed, wake, "sleep");
    let evening = 19 * 60;
    if (working) {
      const student = user.role === "student";
      const truth = student ? "study" : "work";
      const site =
        user.role === "remote"
          ? home
          : h.cafe && (!student || rng.uniform() < 0.5)
            ? say("Cafe", "카페")
            : student
              ? say("Campus", "학교")
              : say("Office", "회사");
      // a remote worker's home visit runs from waking to lunch; they start work at once
      if (user.role !== "remote") place(home, wake, 8 * 60 + 10, "rest");
      else place(home, wake, 9 * 60, truth);
      if (user.role !== "remote") {
        place(say("Station", "강남역"), 8 * 60 + 10, 8 * 60 + 55, "commute");
        add("health", 8 * 60 + 15, 8 * 60 + 30, { kind: "steps", value: 1500 }, "commute");
        place(say("Station", "강남역"), jitter(18 * 60 + 5), 18 * 60 + 50, "commute");
      }
      place(site, 9 * 60, 12 * 60, truth);
      place(site, 13 * 60, 18 * 60, truth);
      for (let k = 0, t = 9 * 60 + 20; k < 5; k++, t += 75)
        app(WORK_APPS[user.role][k % 4], jitter(t), 40, student && k % 4 === 3 && !h.naverStudy ? "leisure" : truth);
      const [en, ko] = one(student ? LECTURES : MEETINGS);
      add("calendar", 14 * 60, 15 * 60, { title: say(en, ko), attendees: 5 }, truth);
      app(say("YouTube", "유튜브"), jitter(16 * 60), 15, user.role === "editor" ? "work" : "leisure");
      app("Instagram", jitter(11 * 60 + 30), 10, h.instaWork ? "work" : "leisure");
      app(say("KakaoTalk", "카카오톡"), jitter(15 * 60 + 30), 10, h.kakaoWork ? "work" : "social");
      const lunch = h.lunchAlone ? "rest" : "social";
      place(say("Restaurant", "식당"), 12 * 60, 13 * 60, lunch);
      if (rng.uniform() < 0.5) add("calendar", 12 * 60, 13 * 60, { title: say("Lunch", "점심") }, lunch);
    } else {
      place(home, wake, 13 * 60, "rest");
      app(say("Netflix", "넷플릭스"), jitter(10 * 60), 90, "leisure");
      if (weekday === 6) add("calendar", 14 * 60, 15 * 60, { title: say("Cleaning", "청소") }, "chores");
      else place(say("Park", "공원"), 14 * 60, 16 * 60, "exercise");
    }
    if (user.gymDays.has(weekday)) {
      place(h.oddGym ?? say("Gym", "헬스장"), 19 * 60, 20 * 60 + 15, "exercise");
      add("health", 19 * 60 + 10, 20 * 60, { kind: "workout", value: 300 }, "exercise");
      evening = 20 * 60 + 30;
    } else if (weekday === 5) {
      add("calendar", 19 * 60, 21 * 60, { title: say("Dinner with friends", "친구랑 저녁") }, "social");
      place(say("Restaurant", "식당"), 19 * 60, 21 * 60, "social");
      evening = 21 * 60 + 30;
    } else if (weekday === 3) {
      add("calendar", 18 * 60 + 55, 19 * 60 + 40, { title: say("Groceries", "장보기") }, "chores");
      place(say("Supermarket", "마트"), 19 * 60, 19 * 60 + 40, "chores");
    }
    for (const [k, n] of user.niche.entries())
      if (rng.uniform() < 0.6) app(n.name, jitter(13 * 60 + 20 + 90 * k), 20, n.truth);
    for (const p of user.personal)
      if (p.weekday === weekday)
        add(
          "calendar",
          17 * 60 + 30 + 120 * (weekday % 2),
          19 * 60 + 120 * (weekday % 2),
          { title: say(p.en, p.ko) },
          p.truth,
        );
    place(home, evening, 23 * 60 + 30, "rest");
    app(say("YouTube", "유튜브"), jitter(evening + 30), 45, rng.uniform() < 0.1 ? "study" : "leisure");
    if (h.notionLeisure) app("Notion", jitter(22 * 60), 20, "leisure");
    if (h.dogWalk) add("health", evening + 90, evening + 120, { kind: "steps", value: 3000 }, "chores");
    app(say("KakaoTalk", "카카오톡"), jitter(22 * 60 + 40), 10, "social");
    user.eventCount = (user.eventCount ?? 0) + events.length;
    month.push({ day, window, own: events });
  }
  // a day's timeline reads every event that reaches into it: the night's sleep starts the evening before
  return month.map((m, i) => ({
    ...m,
    events: [...m.own, ...(month[i + 1]?.own ?? []).filter((e) => e.start < m.window.end)],
  }));
}

const pct = (x) => `${(100 * x).toFixed(1)}%`;

function table(rows) {
  const columns = ["before", ...STEPS.map((s) => `after ${s}`)];
  const stat = (key, f) => columns.map((_, i) => f(rows.map((r) => r[i][key])));
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const min = (xs) => Math.min(...xs);
  const lines = [
    `| ${["", ...columns].join(" | ")} |`,
    `|${["---", ...columns.map(() => "---:")].join("|")}|`,
    `| timeline minutes right, mean | ${stat("minutes", mean).map(pct).join(" | ")} |`,
    `| timeline minutes right, worst user | ${stat("minutes", min).map(pct).join(" | ")} |`,
    `| events right, mean | ${stat("events", mean).map(pct).join(" | ")} |`,
    `| events right, worst user | ${stat("events", min).map(pct).join(" | ")} |`,
    `| corrections made, mean | ${stat("made", mean)
      .map((x) => x.toFixed(1))
      .join(" | ")} |`,
  ];
  return lines.join("\n");
}

async function main() {
  const domain = await loadDomain();
  const rng = createRng(SEED);
  const users = usersOf(rng);
  const rows = users.map((user) => evaluateUser(domain, user, monthOf(domain, user, rng, DAYS)));
  const events = users.reduce((n, u) => n + u.eventCount, 0);
  const result = table(rows);
  console.log(`${users.length} users, ${events} events, held-out days ${TRAIN_DAYS + 1}–${DAYS}\n`);
  console.log(result);
  if (process.argv.includes("--no-write")) return;
  const doc = readFileSync(DOC, "utf8");
  const block = `<!-- eval:start -->\n${users.length} users, ${events} events; held-out days ${TRAIN_DAYS + 1}–${DAYS}; seed ${SEED}.\n\n${result}\n<!-- eval:end -->`;
  const updated = doc.replace(/<!-- eval:start -->[\s\S]*<!-- eval:end -->/, block);
  // the repository's format check covers docs: write the table the way Prettier aligns it
  writeFileSync(DOC, await format(updated, { ...(await resolveConfig(DOC)), filepath: DOC }));
  console.log(`\nwritten to ${DOC}`);
}

await main();
