import { describe, expect, it } from "vitest";
import type { Category, Source } from "../../schemas/lifelog";
import { type ActivityInput, baseline, classify, patternOf } from "../../workers/domain/lifelog/classify";
import { dayBounds } from "../../workers/domain/lifelog/days";
import { LearnedLayer, patternKeys } from "../../workers/domain/lifelog/learned";

const TZ = "Asia/Seoul";
const DAY = dayBounds("2026-05-04", TZ).start;
const HOUR = 3_600_000;

function input(source: Source, metadata: Record<string, unknown>, hour = 10, minutes = 30): ActivityInput {
  const start = DAY + hour * HOUR;
  return { source, start, end: start + minutes * 60_000, metadata };
}

const base = (i: ActivityInput) => baseline(i, patternOf(i, TZ));
const categoryOf = (i: ActivityInput, learned: LearnedLayer | null = null) => classify(i, TZ, learned).category;
const teach = (...lessons: [ActivityInput, Category, number][]) =>
  new LearnedLayer(lessons.map(([i, category, at]) => ({ pattern: patternOf(i, TZ), category, at })));

const app = (name: string, hour?: number) => input("screen_time", { app: name }, hour);
const title = (text: string, hour?: number) => input("calendar", { title: text }, hour);
const place = (label: string, hour?: number) => input("location", { place: label }, hour);

describe("the rule baseline", () => {
  it.each([
    ["Slack", "work"],
    ["Visual Studio Code", "work"],
    ["Zoom", "work"],
    ["YouTube", "leisure"],
    ["Netflix", "leisure"],
    ["Instagram", "leisure"],
    ["KakaoTalk", "social"],
    ["카카오톡", "social"],
    ["Coupang", "chores"],
    ["쿠팡", "chores"],
    ["Duolingo", "study"],
    ["Anki", "study"],
    ["Strava", "exercise"],
    ["Google Maps", "commute"],
    ["카카오맵", "commute"],
  ] as const)("knows the app %s as %s", (name, category) => {
    expect(base(app(name)).category).toBe(category);
  });

  it("falls back to the app category, in either language, with less confidence than a known app", () => {
    const english = base(input("screen_time", { app: "Obscure Editor", appCategory: "Productivity" }));
    const korean = base(input("screen_time", { app: "모르는 앱", appCategory: "교육" }));
    expect(english).toEqual({ category: "work", confidence: expect.any(Number) });
    expect(korean.category).toBe("study");
    expect(english.confidence).toBeLessThan(base(app("Slack")).confidence);
  });

  it.each([
    ["Weekly meeting", "주간 회의", "work"],
    ["Team standup", "팀 스탠드업", "work"],
    ["1:1 with Minji", "민지 님과 미팅", "work"],
    ["Algorithms lecture", "알고리즘 강의", "study"],
    ["Study group", "토익 스터디", "study"],
    ["Gym", "헬스", "exercise"],
    ["Morning run", "아침 러닝", "exercise"],
    ["Dinner with friends", "친구 생일 파티", "social"],
    ["Commute", "출근", "commute"],
    ["Dentist", "치과 진료", "chores"],
    ["Groceries", "장보기", "chores"],
  ] as const)("reads the calendar title %s and %s as %s", (english, korean, category) => {
    expect(base(title(english)).category).toBe(category);
    expect(base(title(korean)).category).toBe(category);
  });

  it("strips Korean particles so 회의에 and 회의에서 are the word 회의, and keeps 회의 whole", () => {
    expect(patternOf(title("주간 회의에서"), TZ).words).toEqual(["주간", "회의"]);
    expect(patternOf(title("회의에 늦음"), TZ).words).toContain("회의");
    expect(patternOf(title("헬스장에서 운동하기"), TZ).words).toEqual(["운동", "헬스장"]);
    expect(patternOf(title("집에서 쉬기"), TZ).words).toContain("집");
    expect(patternOf(title("주간회의"), TZ).words).toEqual(["주간회의"]);
  });

  it("finds keywords inside Korean compounds", () => {
    expect(base(title("주간회의")).category).toBe("work");
    expect(base(title("영어수업")).category).toBe("study");
  });

  it("lets the activity beat a generic word: a yoga class is exercise, a piano lesson study", () => {
    expect(base(title("Yoga class")).category).toBe("exercise");
    expect(base(title("Piano lesson")).category).toBe("study");
  });

  it.each([
    ["Office", "회사", "work"],
    ["Gold's Gym", "헬스장", "exercise"],
    ["City library", "도서관", "study"],
    ["Gangnam Station", "강남역", "commute"],
    ["Bus", "지하철", "commute"],
    ["Cafe", "카페", "leisure"],
  ] as const)("reads the place %s and %s as %s", (english, korean, category) => {
    expect(base(place(english)).category).toBe(category);
    expect(base(place(korean)).category).toBe(category);
  });

  it("reads home by the hour: asleep at night, resting in the evening", () => {
    expect(base(place("Home", 2)).category).toBe("sleep");
    expect(base(place("집", 2)).category).toBe("sleep");
    expect(base(place("home", 21)).category).toBe("rest");
  });

  it("reads health signals: sleep, workouts, and walking by pace and hour", () => {
    expect(base(input("health", { kind: "sleep", value: 420 }, 0, 420)).category).toBe("sleep");
    expect(base(input("health", { kind: "workout", value: 300 })).category).toBe("exercise");
    expect(base(input("health", { kind: "steps", value: 4800 }, 8, 30)).category).toBe("exercise");
    expect(base(input("health", { kind: "steps", value: 2400 }, 8, 30)).category).toBe("commute");
    expect(base(input("health", { kind: "steps", value: 2400 }, 14, 30)).category).toBe("exercise");
    expect(base(input("health", { kind: "steps", value: 300 }, 14, 30)).category).toBe("other");
  });

  it("says other, unsure, when nothing applies", () => {
    const unknown = base(place("Iron Temple"));
    expect(unknown.category).toBe("other");
    expect(unknown.confidence).toBeLessThan(0.4);
  });

  it("is surer of a strong rule than of a weak hint", () => {
    expect(base(title("Standup")).confidence).toBeGreaterThanOrEqual(0.8);
    expect(base(place("카페")).confidence).toBeLessThanOrEqual(0.6);
  });

  it("puts the event in the hour band of its local start", () => {
    expect(patternOf(app("Slack", 3), TZ).hourBand).toBe("night");
    expect(patternOf(app("Slack", 9), TZ).hourBand).toBe("morning");
    expect(patternOf(app("Slack", 12), TZ).hourBand).toBe("afternoon");
    expect(patternOf(app("Slack", 18), TZ).hourBand).toBe("evening");
  });
});

describe("learning from corrections", () => {
  it("a correction changes the next classification of the same pattern and not of another", () => {
    const learned = teach([app("YouTube"), "work", 1]);
    expect(categoryOf(app("YouTube"))).toBe("leisure");
    expect(classify(app("YouTube"), TZ, learned)).toMatchObject({ category: "work", classifiedBy: "learned" });
    expect(categoryOf(app("Netflix"), learned)).toBe("leisure");
  });

  it("matches a Korean title whatever particles it carries", () => {
    const learned = teach([title("주간 회의"), "study", 1]);
    expect(categoryOf(title("주간 회의에서"), learned)).toBe("study");
    expect(categoryOf(title("회의"), learned)).toBe("work");
  });

  it("learns a place the rules do not know", () => {
    const learned = teach([place("Iron Temple", 19), "exercise", 1]);
    expect(categoryOf(place("iron temple", 7), learned)).toBe("exercise");
  });

  it("a correction for the hour band beats one for the app in general", () => {
    const learned = teach([app("KakaoTalk", 10), "work", 1], [app("KakaoTalk", 20), "social", 2]);
    expect(categoryOf(app("KakaoTalk", 11), learned)).toBe("work");
    expect(categoryOf(app("KakaoTalk", 21), learned)).toBe("social");
  });

  it("a place taught differently in two hour bands leaves the rules in charge of the bands never corrected", () => {
    expect(categoryOf(place("집", 14), teach([place("집", 10), "work", 1]))).toBe("work");
    const split = teach([place("집", 10), "work", 1], [place("집", 20), "chores", 2]);
    expect(categoryOf(place("집", 10), split)).toBe("work");
    expect(categoryOf(place("집", 20), split)).toBe("chores");
    expect(categoryOf(place("집", 14), split)).toBe("rest");
  });

  it("a correction of the very app beats one of its app category", () => {
    const notion = input("screen_time", { app: "Notion", appCategory: "Productivity" });
    const other = input("screen_time", { app: "Docs Pro", appCategory: "Productivity" });
    const learned = teach([other, "study", 1], [other, "study", 2], [notion, "leisure", 3]);
    expect(categoryOf(notion, learned)).toBe("leisure");
  });

  it("an app category the user corrected again and again teaches apps they never corrected", () => {
    const productive = (name: string) => input("screen_time", { app: name, appCategory: "Productivity" });
    const learned = teach([productive("Docs Pro"), "study", 1], [productive("Sheets X"), "study", 2]);
    expect(categoryOf(productive("Pad"), learned)).toBe("work");
    const more = teach(
      [productive("Docs Pro"), "study", 1],
      [productive("Sheets X"), "study", 2],
      [productive("Outline"), "study", 3],
    );
    expect(categoryOf(productive("Pad"), more)).toBe("study");
    expect(categoryOf(input("screen_time", { app: "Slack", appCategory: "Productivity" }), more)).toBe("work");
  });

  it("what one title word taught does not beat a strong rule about another title", () => {
    const learned = teach([title("Piano practice"), "leisure", 1]);
    expect(categoryOf(title("Piano recital"), learned)).toBe("leisure");
    expect(categoryOf(title("Piano meeting"), learned)).toBe("work");
  });

  it("resolves conflicting corrections by count, then by recency", () => {
    const yt = app("YouTube");
    expect(categoryOf(yt, teach([yt, "work", 1], [yt, "work", 2], [yt, "study", 3]))).toBe("work");
    expect(categoryOf(yt, teach([yt, "work", 1], [yt, "study", 3]))).toBe("study");
    expect(categoryOf(yt, teach([yt, "study", 3], [yt, "work", 1]))).toBe("study");
  });

  it("is less sure where the user's corrections disagree", () => {
    const yt = app("YouTube");
    const agreed = classify(yt, TZ, teach([yt, "work", 1], [yt, "work", 2])).confidence;
    const split = classify(yt, TZ, teach([yt, "work", 1], [yt, "work", 2], [yt, "study", 3])).confidence;
    expect(split).toBeLessThan(agreed);
  });

  it("a manual event keeps its own category whatever was learned", () => {
    const manual = input("manual", { category: "chores" });
    const learned = teach([manual, "work", 1]);
    expect(classify(manual, TZ, learned)).toEqual({ category: "chores", confidence: 1, classifiedBy: "baseline" });
  });

  it("names its keys from the most specific down, hour band as refinement only", () => {
    expect(patternKeys(patternOf(app("YouTube", 20), TZ))).toEqual(["app:youtube|band:evening", "app:youtube"]);
    expect(patternKeys(patternOf(title("회의 주간"), TZ))).toEqual([
      "words:주간 회의|band:morning",
      "words:주간 회의",
      "word:주간",
      "word:회의",
    ]);
  });
});
