import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { CATEGORIES } from "../../schemas/lifelog";
import { refreshRhythms } from "../../workers/cron/rhythms";
import { configOf } from "../../workers/env";
import { createVectorIndex } from "../../workers/ports/vectors";
import { RHYTHMS_NAMESPACE, forgetRhythm, rhythmVectorId } from "../../workers/services/rhythms";
import { api, newUser, uniqueId } from "../helpers/api";
import { dayFromToday, putDays, putLabel, putVisibility } from "../helpers/lifelog-rows";

type MatchList = { items: { userId: string; similarity: number; labels: { key: string; value: string }[] }[] };

/**
 * A week of days in a rhythm of its own: twenty random (hour, category) cells per day, so people of
 * one test are alike and unlike everyone the shared database holds from other tests.
 */
function rhythm(): { day: string; hours: number[] }[] {
  return Array.from({ length: 7 }, (_, i) => {
    const hours = new Array<number>(24 * CATEGORIES.length).fill(0);
    for (let n = 0; n < 20; n++) hours[Math.floor(Math.random() * hours.length)] = 30 + Math.floor(Math.random() * 30);
    return { day: dayFromToday(-i), hours };
  });
}

async function person(
  days: { day: string; hours: number[] }[],
  visibility?: "private" | "stats_only" | "anonymized_timeline",
) {
  const user = await newUser();
  await putDays(user.id, days);
  if (visibility) await putVisibility(user.id, visibility);
  return user;
}

async function matchesOf(token: string): Promise<MatchList> {
  const res = await api("/v1/matches", { token });
  expect(res.status).toBe(200);
  return (await res.json()) as MatchList;
}

const ids = (list: MatchList) => list.items.map((m) => m.userId);

describe("GET /v1/matches", () => {
  it("finds an opted-in person with the caller's rhythm and shows only their public labels", async () => {
    const days = rhythm();
    const caller = await person(days, "anonymized_timeline");
    const twin = await person(days, "anonymized_timeline");
    const role = `개발자 ${uniqueId("r")}`;
    await putLabel(twin.id, { key: "role", value: role, verified: true });
    await putLabel(twin.id, { key: "affiliation", value: "secret employer", visibility: "private" });
    await refreshRhythms(env, new Date());

    const list = await matchesOf(caller.token);
    expect(list.items[0]).toEqual({
      userId: twin.id,
      similarity: expect.closeTo(1, 3),
      labels: [{ key: "role", value: role, verified: true }],
    });
    expect(list.items.length).toBeLessThanOrEqual(10);
  });

  it("never returns the caller, nor people who chose private, stats_only or left the default", async () => {
    const days = rhythm();
    const caller = await person(days, "anonymized_timeline");
    const hidden = [await person(days, "private"), await person(days, "stats_only"), await person(days)].map(
      (u) => u.id,
    );
    const open = await person(days, "anonymized_timeline");
    await refreshRhythms(env, new Date());

    const list = ids(await matchesOf(caller.token));
    expect(list).toContain(open.id);
    expect(list).not.toContain(caller.id);
    for (const id of hidden) expect(list).not.toContain(id);
  });

  it("hides someone the moment they opt out, before the nightly refresh", async () => {
    const days = rhythm();
    const caller = await person(days, "stats_only");
    const leaving = await person(days, "anonymized_timeline");
    await refreshRhythms(env, new Date());
    expect(ids(await matchesOf(caller.token))).toContain(leaving.id);

    await putVisibility(leaving.id, "stats_only");
    expect(ids(await matchesOf(caller.token))).not.toContain(leaving.id);
  });

  it("lets the nightly refresh delete the vector of someone who opted out", async () => {
    const leaving = await person(rhythm(), "anonymized_timeline");
    await refreshRhythms(env, new Date());
    const index = createVectorIndex(env, configOf(env));
    const id = await rhythmVectorId(leaving.id);
    expect(await index.get(RHYTHMS_NAMESPACE, [id])).toHaveLength(1);

    await putVisibility(leaving.id, "private");
    await refreshRhythms(env, new Date());
    expect(await index.get(RHYTHMS_NAMESPACE, [id])).toEqual([]);
  });

  it("forgets an erased person's vector without waiting for the night", async () => {
    const days = rhythm();
    const caller = await person(days, "stats_only");
    const erased = await person(days, "anonymized_timeline");
    await refreshRhythms(env, new Date());
    await forgetRhythm(env, erased.id);
    const index = createVectorIndex(env, configOf(env));
    expect(await index.get(RHYTHMS_NAMESPACE, [await rhythmVectorId(erased.id)])).toEqual([]);
    expect(ids(await matchesOf(caller.token))).not.toContain(erased.id);
  });

  it("computes the rhythm of a caller the refresh has not seen yet", async () => {
    const days = rhythm();
    const open = await person(days, "anonymized_timeline");
    await refreshRhythms(env, new Date());
    const latecomer = await person(days);
    expect(ids(await matchesOf(latecomer.token))[0]).toBe(open.id);
  });

  it("reads only the last 28 days", async () => {
    const old = rhythm().map((d, i) => ({ ...d, day: dayFromToday(-40 - i) }));
    const caller = await person(old, "anonymized_timeline");
    await refreshRhythms(env, new Date());
    expect(await matchesOf(caller.token)).toEqual({ items: [] });
  });

  it("gives a caller with no logged time an empty list", async () => {
    expect(await matchesOf((await newUser()).token)).toEqual({ items: [] });
  });
});
