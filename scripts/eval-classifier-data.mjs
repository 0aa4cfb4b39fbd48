// The synthetic month of `npm run eval:classifier` (scripts/eval-classifier.mjs): users with habits the
// rules cannot know, and their labelled events. Deterministic: everything random comes from the `rng`
// passed in.

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

export function usersOf(rng) {
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

export function monthOf(domain, user, rng, days) {
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
