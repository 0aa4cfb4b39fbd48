import { describe, expect, it } from "vitest";
import { CATEGORIES } from "../../schemas/lifelog";
import { newUser } from "../helpers/api";
import { activity, daysAgo, postActivity, timelineOf } from "../helpers/lifelog";
import { type GqlBody, type Json, type User, compact, data, gql, rest } from "../helpers/graphql";

const MINUTES = `{ ${CATEGORIES.join(" ")} }`;
const ENTRY = "id start end category confidence source sourceEventIds geo { place } classifiedBy";
const day = daysAgo(1);

/** A user with a day of Korean-labelled life-log events, the day before yesterday too. */
async function livedUser(): Promise<User> {
  const user = await newUser();
  const events = [
    activity("location", `${day}T09:00:00Z`, 240, { place: "서울 사무실" }),
    activity("calendar", `${day}T10:00:00Z`, 60, { title: "주간 회의 weekly sync" }),
    activity("manual", `${day}T18:00:00Z`, 45, { category: "exercise", note: "한강 러닝" }),
    activity("screen_time", `${daysAgo(2)}T21:00:00Z`, 30, { app: "YouTube" }),
  ];
  expect((await postActivity(user.token, events)).body.accepted).toBe(4);
  return user;
}

describe("life-log fields answer what their REST routes answer", () => {
  it("timeline(day, tz) is GET /v1/timeline, in UTC and in Seoul", async () => {
    const user = await livedUser();
    for (const tz of ["UTC", "Asia/Seoul"]) {
      const viaRest = await rest(user, `/v1/timeline?day=${day}&tz=${encodeURIComponent(tz)}`);
      const { timeline } = await data(
        user,
        `query($d: String!, $z: String) { timeline(day: $d, tz: $z) { day tz hours archived entries { ${ENTRY} } } }`,
        { d: day, z: tz },
      );
      expect(compact(timeline)).toEqual(compact(viaRest));
      expect((viaRest.entries as unknown[]).length).toBeGreaterThan(0);
    }
  });

  it("timeline without tz is the REST default (UTC)", async () => {
    const user = await livedUser();
    const { timeline } = await data(user, `query($d: String!) { timeline(day: $d) { tz entries { id } } }`, { d: day });
    const viaRest = await rest(user, `/v1/timeline?day=${day}`);
    expect(timeline).toEqual({ tz: "UTC", entries: (viaRest.entries as Json[]).map((e) => ({ id: e.id })) });
  });

  it("weekSummary(start, tz) is GET /v1/timeline/week", async () => {
    const user = await livedUser();
    const start = daysAgo(3);
    const viaRest = await rest(user, `/v1/timeline/week?start=${start}&tz=Asia/Seoul`);
    const { weekSummary } = await data(
      user,
      `query($s: String!) { weekSummary(start: $s, tz: "Asia/Seoul") { start tz days { day minutes ${MINUTES} } } }`,
      { s: start },
    );
    expect(compact(weekSummary)).toEqual(compact(viaRest));
  });

  it("labelInsights(key, value) is GET /v1/insights/labels (a cohort too small is suppressed in both)", async () => {
    const user = await newUser();
    const value = "에지코치 연구소";
    const viaRest = await rest(user, `/v1/insights/labels?key=affiliation&value=${encodeURIComponent(value)}`);
    const { labelInsights } = await data(
      user,
      `query($v: String!) { labelInsights(key: "affiliation", value: $v) {
        cohort { key value size } window { days tier } suppressed
        metrics { minutesPerDay ${MINUTES} exerciseDayShare margin95 { minutesPerDay exerciseDayShare } }
        privacy { mechanism sampler epsilon cached minCohort } } }`,
      { v: value },
    );
    expect(compact(labelInsights)).toEqual(compact(viaRest));
    expect(viaRest).toMatchObject({ suppressed: true });
    const bad = await gql(user, `{ labelInsights(key: "shoe_size", value: "270") { suppressed } }`);
    expect(bad.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("recommendations(limit) is GET /v1/recommendations, and a limit over 100 is BAD_USER_INPUT", async () => {
    const user = await newUser();
    const viaRest = await rest(user, "/v1/recommendations?limit=5");
    const { recommendations } = await data(
      user,
      `{ recommendations(limit: 5) { strategy items { itemId score reason reasonCode basedOn title category price } } }`,
    );
    expect(compact(recommendations)).toEqual(compact(viaRest));
    const bad = await gql(user, `{ recommendations(limit: 101) { strategy } }`);
    expect(bad.errors?.[0]?.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      errors: [expect.objectContaining({ path: "limit" })],
    });
  });

  it("me is GET /v1/me: the same profile, and it records the call as last seen", async () => {
    const user = await newUser();
    const viaRest = await rest(user, "/v1/me");
    const { me } = (await data(user, `{ me { userId firstSeenAt lastSeenAt openSockets lastMessageId } }`)) as {
      me: Json;
    };
    expect({ ...me, lastSeenAt: undefined }).toEqual({ ...viaRest, lastSeenAt: undefined });
    expect(Date.parse(String(me.lastSeenAt))).toBeGreaterThanOrEqual(Date.parse(String(viaRest.lastSeenAt)));
  });

  it("submitFeedback is POST /v1/timeline/{entryId}/feedback: the corrected entry, kept by the timeline", async () => {
    const user = await livedUser();
    const entry = (await timelineOf(user.token, day)).body.entries.find((e) => e.category === "work")!;
    const { submitFeedback } = await data(
      user,
      `mutation($e: ID!) { submitFeedback(entryId: $e, category: "study", note: "자격증 공부") { ${ENTRY} } }`,
      { e: entry.id },
    );
    expect(submitFeedback).toMatchObject({ id: entry.id, category: "study", classifiedBy: "correction" });
    const after = (await timelineOf(user.token, day)).body.entries.find((e) => e.id === entry.id);
    expect(compact(submitFeedback)).toEqual(compact(after));
  });
});

describe("one user's life-log never answers another's GraphQL", () => {
  it("B correcting A's timeline entry gets NOT_FOUND and A's entry is unchanged; B's timeline shows none of A's", async () => {
    const a = await livedUser();
    const b = await newUser();
    const before = (await timelineOf(a.token, day)).body.entries;
    const entry = before[0]!;
    const refused = await gql(b, `mutation($e: ID!) { submitFeedback(entryId: $e, category: "rest") { id } }`, {
      e: entry.id,
    });
    expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(["NOT_FOUND"]);
    expect(refused.data).toEqual({ submitFeedback: null });
    expect((await timelineOf(a.token, day)).body.entries).toEqual(before);
    const { timeline } = await data(b, `query($d: String!) { timeline(day: $d) { entries { id } } }`, { d: day });
    expect(timeline).toEqual({ entries: [] });
    expect(
      JSON.stringify(await gql(b, `{ weekSummary(start: "${daysAgo(3)}") { days { minutes { work exercise } } } }`)),
    ).not.toMatch(/"(work|exercise)":[1-9]/);
  });
});
