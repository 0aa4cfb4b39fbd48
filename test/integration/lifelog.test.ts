import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { api, expectProblem, newUser } from "../helpers/api";
import { activity, daysAgo, lifelogOf, postActivity, timelineOf } from "../helpers/lifelog";

const day = daysAgo(2);
const at = (time: string) => `${day}T${time}:00Z`;

describe("devices", () => {
  it("registers, lists and removes a device", async () => {
    const user = await newUser();
    const created = await api("/v1/devices", {
      method: "POST",
      token: user.token,
      json: { name: "민지의 iPhone", platform: "ios", sources: ["screen_time", "location"] },
    });
    expect(created.status).toBe(201);
    const device = (await created.json()) as { id: string; lastSeenAt: string | null };
    expect(device.lastSeenAt).toBeNull();
    const list = (await (await api("/v1/devices", { token: user.token })).json()) as { items: { id: string }[] };
    expect(list.items.map((d) => d.id)).toEqual([device.id]);
    expect((await api(`/v1/devices/${device.id}`, { method: "DELETE", token: user.token })).status).toBe(204);
    await expectProblem(await api(`/v1/devices/${device.id}`, { method: "DELETE", token: user.token }), 404);
  });

  it("refuses an unknown platform and a repeated source", async () => {
    const user = await newUser();
    const bad = await api("/v1/devices", {
      method: "POST",
      token: user.token,
      json: { name: "x", platform: "toaster", sources: ["manual", "manual"] },
    });
    const problem = await expectProblem(bad, 400);
    expect(problem.errors?.map((e) => e.path).sort()).toEqual(["platform", "sources"]);
  });

  it("records when a device last sent an accepted event and rejects sources it does not send", async () => {
    const user = await newUser();
    const res = await api("/v1/devices", {
      method: "POST",
      token: user.token,
      json: { name: "Watch", platform: "watch", sources: ["health"] },
    });
    const { id } = (await res.json()) as { id: string };
    const sent = await postActivity(user.token, [
      activity("health", at("07:00"), 30, { kind: "workout", value: 30, unit: "min" }, { deviceId: id }),
      activity("screen_time", at("08:00"), 10, { app: "Slack" }, { deviceId: id }),
      activity("manual", at("09:00"), 10, { category: "chores" }, { deviceId: "dev_unknown-device-1" }),
    ]);
    expect(sent.body.accepted).toBe(1);
    expect(sent.body.rejected.map((r) => r.reason)).toEqual(["source_not_on_device", "unknown_device"]);
    const list = (await (await api("/v1/devices", { token: user.token })).json()) as {
      items: { lastSeenAt: string }[];
    };
    expect(Date.parse(list.items[0]!.lastSeenAt)).toBeGreaterThan(Date.now() - 60_000);
  });
});

describe("privacy", () => {
  it("has every source on and stats_only visibility by default", async () => {
    const user = await newUser();
    const body = await (await api("/v1/me/privacy", { token: user.token })).json();
    expect(body).toMatchObject({
      consents: { screen_time: true, location: true, calendar: true, health: true, manual: true },
      visibility: "stats_only",
    });
  });

  it("rejects events of a source turned off and keeps what was stored before", async () => {
    const user = await newUser();
    const before = activity("location", at("09:00"), 60, { place: "office" });
    expect((await postActivity(user.token, [before])).body.accepted).toBe(1);
    const put = await api("/v1/me/privacy", {
      method: "PUT",
      token: user.token,
      json: { consents: { location: false }, visibility: "private" },
    });
    expect(await put.json()).toMatchObject({ consents: { location: false, calendar: true }, visibility: "private" });
    const after = activity("location", at("11:00"), 60, { place: "gym" });
    const sent = await postActivity(user.token, [after, activity("manual", at("12:00"), 30, { category: "rest" })]);
    expect(sent.body).toMatchObject({ accepted: 1, rejected: [{ eventId: after.eventId, reason: "consent" }] });
    const { body } = await timelineOf(user.token, day);
    expect(body.entries.flatMap((e) => e.sourceEventIds)).toContain(before.eventId);
    const mirrored = await env.DB.prepare(`SELECT visibility FROM lifelog_visibility WHERE user_id = ?`)
      .bind(user.id)
      .first<{ visibility: string }>();
    expect(mirrored?.visibility).toBe("private");
  });

  it("refuses an empty change and an unknown source", async () => {
    const user = await newUser();
    await expectProblem(await api("/v1/me/privacy", { method: "PUT", token: user.token, json: {} }), 400);
    const unknown = await api("/v1/me/privacy", {
      method: "PUT",
      token: user.token,
      json: { consents: { gps: false } },
    });
    await expectProblem(unknown, 400);
  });
});

describe("ingestion", () => {
  it("counts a replayed eventId as a duplicate, in the same batch or a later one", async () => {
    const user = await newUser();
    const e = activity("screen_time", at("10:00"), 20, { app: "VS Code" });
    expect((await postActivity(user.token, [e, e])).body).toMatchObject({ accepted: 1, duplicates: 1 });
    expect((await postActivity(user.token, [e])).body).toMatchObject({ accepted: 0, duplicates: 1 });
    const { body } = await timelineOf(user.token, day);
    expect(body.entries).toHaveLength(1);
  });

  it("validates each source's metadata with its own schema", async () => {
    const user = await newUser();
    const res = await api("/v1/activity", {
      method: "POST",
      token: user.token,
      json: {
        events: [
          activity("screen_time", at("10:00"), 5, { place: "home" }),
          activity("health", at("11:00"), 5, { kind: "nap", value: 1 }),
          activity("location", at("12:00"), 5, { place: "home", lat: 37.5 }),
        ],
      },
    });
    const problem = await expectProblem(res, 400);
    const paths = problem.errors!.map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining(["events.0.metadata.app", "events.1.metadata.kind", "events.2.metadata"]),
    );
    expect((await timelineOf(user.token, day)).body.entries).toEqual([]);
  });

  it("refuses an event that ends before it starts, one longer than a day, and more than 500", async () => {
    const user = await newUser();
    const backwards = { ...activity("manual", at("10:00"), 5, { category: "rest" }), end: at("09:00") };
    await expectProblem(
      await api("/v1/activity", { method: "POST", token: user.token, json: { events: [backwards] } }),
      400,
    );
    const long = activity("manual", at("00:00"), 25 * 60, { category: "rest" });
    await expectProblem(
      await api("/v1/activity", { method: "POST", token: user.token, json: { events: [long] } }),
      400,
    );
    const many = Array.from({ length: 501 }, (_, i) => activity("manual", at("10:00"), i % 5, { category: "rest" }));
    await expectProblem(await api("/v1/activity", { method: "POST", token: user.token, json: { events: many } }), 400);
  });

  it("accepts late and out-of-order events into the right blocks", async () => {
    const user = await newUser();
    await postActivity(user.token, [activity("screen_time", at("15:00"), 30, { app: "Slack" })]);
    await postActivity(user.token, [activity("screen_time", at("14:00"), 30, { app: "Slack" })]);
    await postActivity(user.token, [activity("screen_time", at("14:28"), 34, { app: "Zoom" })]);
    const { body } = await timelineOf(user.token, day);
    expect(body.entries).toHaveLength(1);
    expect(body.entries[0]).toMatchObject({ category: "work", start: new Date(at("14:00")).toISOString() });
  });
});

describe("location privacy", () => {
  it("seals places before they leave the actor, and forgetting the key makes every copy unreadable", async () => {
    const user = await newUser();
    const e = activity("location", at("18:00"), 90, { place: "헬스장", geofenceId: "gf-12" });
    await postActivity(user.token, [e]);
    expect((await timelineOf(user.token, day)).body.entries[0]).toMatchObject({ geo: { place: "헬스장" } });
    expect(await runDurableObjectAlarm(lifelogOf(user.id))).toBe(true);
    const row = await vi.waitFor(
      async () => {
        const r = await env.DB.prepare(`SELECT metadata FROM activity_events WHERE user_id = ? AND event_id = ?`)
          .bind(user.id, e.eventId)
          .first<{ metadata: string }>();
        expect(r).not.toBeNull();
        return r!;
      },
      { timeout: 10_000, interval: 100 },
    );
    const archived = JSON.parse(row.metadata) as { place: string; geofenceId: string };
    expect(archived.place).toMatch(/^v1\./);
    expect(row.metadata).not.toContain("헬스장");
    expect(row.metadata).not.toContain("gf-12");
    const opened = await runInDurableObject(lifelogOf(user.id), async (actor) => {
      const key = (
        actor as unknown as { lifelog: { key: { open(s: string): Promise<string | null>; forget(): void } } }
      ).lifelog.key;
      const before = await key.open(archived.place);
      await lifelogOf(user.id).forgetLocationKey();
      return { before, after: await key.open(archived.place) };
    });
    expect(opened).toEqual({ before: "헬스장", after: null });
  });
});

describe("day summaries", () => {
  it("sends a changed day's totals to D1 and pushes timeline.updated", async () => {
    const user = await newUser();
    await postActivity(user.token, [
      activity("calendar", at("09:00"), 60, { title: "주간 회의" }),
      activity("health", at("18:00"), 45, { kind: "workout", value: 45 }),
    ]);
    expect(await runDurableObjectAlarm(lifelogOf(user.id))).toBe(true);
    const summary = await vi.waitFor(
      async () => {
        const r = await env.DB.prepare(`SELECT minutes, exercise FROM activity_days WHERE user_id = ? AND day = ?`)
          .bind(user.id, day)
          .first<{ minutes: string; exercise: number }>();
        expect(r).not.toBeNull();
        return r!;
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(JSON.parse(summary.minutes)).toMatchObject({ work: 60, exercise: 45 });
    expect(summary.exercise).toBe(1);
    const live = (await env.USER_ACTOR.get(env.USER_ACTOR.idFromName(user.id)).replay(0)) as unknown as {
      type: string;
      data: unknown;
    }[];
    expect(live.map((m) => [m.type, m.data])).toContainEqual(["timeline.updated", { days: [day] }]);
  });
});
