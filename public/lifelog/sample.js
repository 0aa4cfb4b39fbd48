/**
 * "Load a sample day": a realistic, bilingual day of events for the shown day, sent to POST /v1/activity.
 * Event ids are derived from the day, so loading the same day again is counted as duplicates, not twice.
 * No times fall between 01:00 and 03:00, where clocks change on the days they do.
 */
import { instantOf } from "./time.js";

const at = (hh, mm = 0) => hh * 60 + mm;

/** [start, end, source, metadata] in local minutes past midnight. */
const DAY = [
  [at(0), at(7), "health", { kind: "sleep", value: 420, unit: "min" }],
  [at(0), at(8, 5), "location", { place: "집" }],
  [at(7, 5), at(7, 35), "screen_time", { app: "KakaoTalk", appCategory: "Social" }],
  [at(7, 35), at(8), "manual", { category: "chores", note: "설거지하고 빨래 돌리기" }],
  [at(8, 10), at(8, 55), "location", { place: "지하철 2호선" }],
  [at(9), at(12), "location", { place: "office" }],
  [at(9), at(10), "calendar", { title: "주간 팀 회의", attendees: 6 }],
  [at(10), at(12), "screen_time", { app: "VS Code", appCategory: "Developer Tools" }],
  [at(12), at(13), "calendar", { title: "Lunch with Minji", attendees: 2 }],
  [at(13), at(18), "location", { place: "office" }],
  [at(13), at(15), "screen_time", { app: "Figma", appCategory: "Design" }],
  [at(15), at(15, 45), "calendar", { title: "1:1 with manager", attendees: 2 }],
  [at(15, 45), at(18), "screen_time", { app: "Slack", appCategory: "Business" }],
  [at(18, 45), at(19, 45), "location", { place: "gym" }],
  [at(18, 45), at(19, 45), "health", { kind: "workout", value: 60, unit: "min" }],
  [at(20), at(21), "calendar", { title: "영어 스터디 (English study)", attendees: 4 }],
  [at(21, 15), at(22, 45), "screen_time", { app: "Netflix", appCategory: "Entertainment" }],
  [at(23, 10), at(23, 59), "health", { kind: "sleep", value: 49, unit: "min" }],
];

/** The sample day's events for `day` in `timeZone`, ready for POST /v1/activity. */
export function sampleEvents(day, timeZone) {
  return DAY.map(([start, end, source, metadata], i) => ({
    eventId: `sample-${day}-${String(i + 1).padStart(2, "0")}`,
    source,
    start: new Date(instantOf(day, start, timeZone)).toISOString(),
    end: new Date(instantOf(day, end, timeZone)).toISOString(),
    metadata,
  }));
}
