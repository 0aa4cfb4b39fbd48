import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api, expectProblem, newUser } from "../helpers/api";
import { activity, daysAgo, lifelogOf, postActivity, timelineOf } from "../helpers/lifelog";
import { setTier } from "../helpers/lifelog-rows";

const day = daysAgo(1);
const at = (time: string) => `${day}T${time}:00Z`;
const feedback = (token: string, entryId: string, json: unknown) =>
  api(`/v1/timeline/${entryId}/feedback`, { method: "POST", token, json });

describe("the timeline", () => {
  it("merges overlapping, contained and adjacent events and splits around a different activity", async () => {
    const user = await newUser();
    const office = activity("location", at("09:00"), 540, { place: "office" });
    const slack = activity("screen_time", at("09:30"), 60, { app: "Slack" });
    const youtube = activity("screen_time", at("12:00"), 30, { app: "YouTube" });
    const meeting = activity("calendar", at("10:30"), 60, { title: "Weekly sync meeting" });
    await postActivity(user.token, [office, slack, youtube, meeting]);
    const { body } = await timelineOf(user.token, day);
    expect(body.entries.map((e) => e.category)).toEqual(["work", "leisure", "work"]);
    expect(body.entries[0]!.sourceEventIds).toEqual(
      expect.arrayContaining([office.eventId, slack.eventId, meeting.eventId]),
    );
    expect(body.entries[1]).toMatchObject({ sourceEventIds: [youtube.eventId], geo: { place: "office" } });
  });

  it("joins equal activities closer than the pulse window and not farther ones", async () => {
    const user = await newUser();
    await postActivity(user.token, [
      activity("screen_time", at("20:00"), 20, { app: "Netflix" }),
      activity("screen_time", at("20:24"), 20, { app: "Netflix" }),
      activity("screen_time", at("20:50"), 20, { app: "Netflix" }),
    ]);
    const { body } = await timelineOf(user.token, day);
    expect(body.entries.map((e) => [e.start, e.end])).toEqual([
      [new Date(at("20:00")).toISOString(), new Date(at("20:44")).toISOString()],
      [new Date(at("20:50")).toISOString(), new Date(at("21:10")).toISOString()],
    ]);
  });

  it("counts a day in the user's zone, 23 hours long when clocks spring forward", async () => {
    const user = await newUser();
    await setTier(user.id, "pro"); // a fixed day in March: older than Free's 30 days
    // 2026-03-08 in New York: midnight is 05:00Z, the next midnight 04:00Z (EDT begins at 02:00 local)
    await postActivity(user.token, [
      activity("manual", "2026-03-08T04:30:00Z", 60, { category: "sleep" }),
      activity("manual", "2026-03-09T03:30:00Z", 60, { category: "leisure" }),
    ]);
    const { body } = await timelineOf(user.token, "2026-03-08", "America/New_York");
    expect(body.hours).toBe(23);
    expect(body.entries.map((e) => [e.category, e.start, e.end])).toEqual([
      ["sleep", "2026-03-08T05:00:00.000Z", "2026-03-08T05:30:00.000Z"],
      ["leisure", "2026-03-09T03:30:00.000Z", "2026-03-09T04:00:00.000Z"],
    ]);
  });

  it("refuses an unknown time zone and a malformed day", async () => {
    const user = await newUser();
    await expectProblem(await api(`/v1/timeline?day=${day}&tz=Mars/Olympus`, { token: user.token }), 400);
    await expectProblem(await api(`/v1/timeline?day=2026-13-01`, { token: user.token }), 400);
  });

  it("gives minutes per category for seven days", async () => {
    const user = await newUser();
    await postActivity(user.token, [
      activity("manual", at("06:00"), 90, { category: "exercise" }),
      activity("calendar", at("13:00"), 120, { title: "알고리즘 스터디" }),
    ]);
    const res = await api(`/v1/timeline/week?start=${daysAgo(3)}&tz=UTC`, { token: user.token });
    const week = (await res.json()) as { days: { day: string; minutes: Record<string, number> }[] };
    expect(week.days).toHaveLength(7);
    expect(week.days.find((d) => d.day === day)?.minutes).toMatchObject({ exercise: 90, study: 120, work: 0 });
  });
});

describe("corrections", () => {
  it("change the block at once and the next classification of the same pattern", async () => {
    const user = await newUser();
    const first = activity("screen_time", at("16:00"), 40, { app: "YouTube" });
    await postActivity(user.token, [first]);
    const before = (await timelineOf(user.token, day)).body.entries[0]!;
    expect(before.category).toBe("leisure");
    const res = await feedback(user.token, before.id, { category: "work", note: "영상 편집이 제 일이에요" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ category: "work", classifiedBy: "correction", confidence: 1 });
    await postActivity(user.token, [activity("screen_time", at("17:30"), 30, { app: "YouTube" })]);
    const entries = (await timelineOf(user.token, day)).body.entries;
    expect(entries.at(-1)).toMatchObject({ category: "work", classifiedBy: "learned" });
    // another pattern keeps its baseline
    await postActivity(user.token, [activity("screen_time", at("21:00"), 30, { app: "Netflix" })]);
    expect((await timelineOf(user.token, day)).body.entries.at(-1)).toMatchObject({ category: "leisure" });
  });

  it("answer 404 for another user's entry and for garbage ids", async () => {
    const owner = await newUser();
    const other = await newUser();
    await postActivity(owner.token, [activity("manual", at("08:00"), 30, { category: "commute" })]);
    const entry = (await timelineOf(owner.token, day)).body.entries[0]!;
    await expectProblem(await feedback(other.token, entry.id, { category: "rest" }), 404);
    await expectProblem(await feedback(owner.token, "tl_bm90LWFuLWV2ZW50", { category: "rest" }), 404);
    await expectProblem(await feedback(owner.token, entry.id, { category: "nap" }), 400);
    expect((await timelineOf(owner.token, day)).body.entries[0]!.category).toBe("commute");
  });
});

describe("the hot window", () => {
  it("archives days older than 30 days to D1 and reads them from there", async () => {
    const user = await newUser();
    await setTier(user.id, "pro"); // Free sees 30 days (free-limits.test.ts)
    const old = daysAgo(40);
    const event = activity("location", `${old}T10:00:00Z`, 120, { place: "도서관" });
    await postActivity(user.token, [event, activity("manual", `${daysAgo(1)}T10:00:00Z`, 30, { category: "rest" })]);
    const hot = (await timelineOf(user.token, old)).body;
    expect(hot).toMatchObject({ archived: false, entries: [{ category: "study", geo: { place: "도서관" } }] });
    expect(await runDurableObjectAlarm(lifelogOf(user.id))).toBe(true);
    const row = await env.DB.prepare(`SELECT entries FROM timeline_days WHERE user_id = ? AND day = ?`)
      .bind(user.id, old)
      .first<{ entries: string }>();
    expect(row?.entries).not.toContain("도서관");
    const left = await runInDurableObject(
      lifelogOf(user.id),
      (_, state) => state.storage.sql.exec<{ n: number }>(`SELECT count(*) AS n FROM lifelog_events`).one().n,
    );
    expect(left).toBe(1);
    const archived = (await timelineOf(user.token, old)).body;
    expect(archived).toMatchObject({
      archived: true,
      entries: [{ category: "study", geo: { place: "도서관" }, sourceEventIds: [event.eventId] }],
    });
    expect((await postActivity(user.token, [event])).body).toMatchObject({ accepted: 0, duplicates: 1 });
  });
});
