import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api, expectProblem, newUser } from "../helpers/api";
import { activity, daysAgo, postActivity, timelineOf } from "../helpers/lifelog";

type User = { id: string; token: string };
const day = daysAgo(1);
const at = (time: string) => `${day}T${time}:00Z`;

const post = (user: User, json: unknown) => api("/v1/posts", { method: "POST", token: user.token, json });
async function created(user: User, json: unknown): Promise<string> {
  const res = await post(user, json);
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}
const read = async (user: User, id: string) => {
  const res = await api(`/v1/posts/${id}`, { token: user.token });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown> & { snapshot: Record<string, unknown> | null };
};
const setPrivacy = async (user: User, visibility: string) => {
  const res = await api("/v1/me/privacy", { method: "PUT", token: user.token, json: { visibility } });
  expect(res.status).toBe(200);
};
const postsOf = async (authorId: string) =>
  (await env.DB.prepare("SELECT count(*) AS n FROM posts WHERE author_id = ?").bind(authorId).first<{ n: number }>())!
    .n;

/** A day with a place-bearing work block and a run; returns the work entry's id. */
async function livedDay(user: User): Promise<string> {
  const office = activity("location", at("09:00"), 240, { place: "서울 강남구 오피스" });
  const run = activity("manual", at("18:00"), 45, { category: "exercise" });
  expect((await postActivity(user.token, [office, run])).body.accepted).toBe(2);
  const { body } = await timelineOf(user.token, day);
  return body.entries.find((e) => e.category === "work")!.id;
}

describe("posts", () => {
  it("round-trips Korean text, counts 5,000 Hangul characters or emoji as 5,000 and refuses 5,001", async () => {
    const user = await newUser();
    const body = "오늘 5km 달렸어요 — ran 5 km today 🏃\n둘째 줄";
    const id = await created(user, { body, visibility: "public" });
    expect(await read(user, id)).toMatchObject({
      id,
      authorId: user.id,
      body,
      visibility: "public",
      communityId: null,
      snapshot: null,
      reactions: { like: 0, cheer: 0, insight: 0 },
      myReactions: [],
      commentCount: 0,
    });
    await created(user, { body: "가".repeat(5000), visibility: "private" });
    // an emoji is one character too, though two UTF-16 units
    await created(user, { body: "🏃".repeat(5000), visibility: "private" });
    await expectProblem(await post(user, { body: "🏃".repeat(5001), visibility: "public" }), 400);
    const long = await expectProblem(await post(user, { body: "가".repeat(5001), visibility: "public" }), 400);
    expect(long.errors?.[0]?.path).toBe("body");
    expect(await postsOf(user.id)).toBe(3);
  });

  it.each([
    ["an empty body", { body: "   ", visibility: "public" }],
    ["a control character", { body: "a\u0007b", visibility: "public" }],
    ["an unknown visibility", { body: "hi", visibility: "friends" }],
    ["an unknown field", { body: "hi", visibility: "public", place: "home" }],
    ["a bad day", { body: "hi", visibility: "public", day: "1999-01-01" }],
    ["both an entry and a day", { body: "hi", visibility: "public", day, timelineEntryId: "x" }],
  ])("refuses %s with 400 and writes nothing", async (_, json) => {
    const user = await newUser();
    await expectProblem(await post(user, json), 400);
    expect(await postsOf(user.id)).toBe(0);
  });

  it("answers 422 for an unknown entry id and writes nothing", async () => {
    const user = await newUser();
    await setPrivacy(user, "anonymized_timeline");
    const problem = await expectProblem(
      await post(user, { body: "보세요", visibility: "public", timelineEntryId: "no-such-entry" }),
      422,
    );
    expect(problem.detail).toMatch(/timelineEntryId/);
    expect(await postsOf(user.id)).toBe(0);
  });

  it("stats_only: a day becomes minutes per category, an entry is refused", async () => {
    const user = await newUser();
    const entryId = await livedDay(user);
    const problem = await expectProblem(
      await post(user, { body: "entry", visibility: "public", timelineEntryId: entryId }),
      422,
    );
    expect(problem.detail).toMatch(/stats_only/);
    const id = await created(user, { body: "하루 요약", visibility: "public", day });
    const { snapshot } = await read(user, id);
    expect(snapshot).toMatchObject({ kind: "day_stats", day, minutes: { work: 240, exercise: 45, sleep: 0 } });
    expect(JSON.stringify(snapshot)).not.toMatch(/blocks|start|강남/);
    expect(await postsOf(user.id)).toBe(1);
  });

  it("counts the snapshot's day in the author's zone", async () => {
    const user = await newUser();
    const profile = await api("/v1/me/profile", {
      method: "PATCH",
      token: user.token,
      json: { timezone: "Asia/Seoul" },
    });
    expect(profile.status).toBe(200);
    // 20:00 UTC is 05:00 the next morning in Seoul
    const run = activity("manual", at("20:00"), 30, { category: "exercise" });
    expect((await postActivity(user.token, [run])).body.accepted).toBe(1);
    const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const minutesOn = async (d: string) =>
      (
        (await read(user, await created(user, { body: d, visibility: "private", day: d }))).snapshot as {
          minutes: Record<string, number>;
        }
      ).minutes.exercise;
    expect([await minutesOn(day), await minutesOn(next)]).toEqual([0, 30]);
  });

  it("anonymized_timeline: the entry and the day show categories and times, never the place", async () => {
    const user = await newUser();
    await setPrivacy(user, "anonymized_timeline");
    const entryId = await livedDay(user);
    const entryPost = await read(
      user,
      await created(user, { body: "일", visibility: "public", timelineEntryId: entryId }),
    );
    expect(entryPost.snapshot).toEqual({
      kind: "entry",
      day,
      entry: { start: new Date(at("09:00")).toISOString(), end: new Date(at("13:00")).toISOString(), category: "work" },
    });
    const dayPost = await read(user, await created(user, { body: "day", visibility: "followers", day }));
    expect(dayPost.snapshot).toMatchObject({ kind: "day_timeline", day });
    expect((dayPost.snapshot as { blocks: { category: string }[] }).blocks.map((b) => b.category)).toEqual([
      "work",
      "exercise",
    ]);
    const raw = JSON.stringify([entryPost, dayPost]);
    expect(raw).not.toContain("강남");
    expect(raw).not.toMatch(/geo|place|source/);
    const stored = await env.DB.prepare("SELECT snapshot FROM posts WHERE author_id = ?").bind(user.id).all();
    expect(JSON.stringify(stored.results)).not.toContain("강남");
  });

  it("private: a snapshot may only be posted private", async () => {
    const user = await newUser();
    await setPrivacy(user, "private");
    await livedDay(user);
    for (const visibility of ["public", "followers"]) {
      const problem = await expectProblem(await post(user, { body: "x", visibility, day }), 422);
      expect(problem.detail).toMatch(/private/);
    }
    expect(await postsOf(user.id)).toBe(0);
    const id = await created(user, { body: "나만 보기", visibility: "private", day });
    expect((await read(user, id)).snapshot).toMatchObject({ kind: "day_timeline", day });
    // a post without a snapshot is not limited by the life-log's privacy level
    await created(user, { body: "그냥 글", visibility: "public" });
  });

  it("deletes the author's post with its reactions, comments and inbox rows; others get 404", async () => {
    const [author, fan] = [await newUser(), await newUser()];
    await api(`/v1/follows/${author.id}`, { method: "POST", token: fan.token });
    const id = await created(author, { body: "곧 지울 글", visibility: "public" });
    const liked = await api(`/v1/posts/${id}/reactions`, { method: "POST", token: fan.token, json: { type: "like" } });
    expect(liked.status, await liked.clone().text()).toBe(200);
    const commented = await api(`/v1/posts/${id}/comments`, {
      method: "POST",
      token: fan.token,
      json: { body: "좋아요" },
    });
    expect(commented.status, await commented.clone().text()).toBe(201);
    await expectProblem(await api(`/v1/posts/${id}`, { method: "DELETE", token: fan.token }), 404);
    const count = async (table: string) =>
      (await env.DB.prepare(`SELECT count(*) AS n FROM ${table} WHERE post_id = ?`).bind(id).first<{ n: number }>())!.n;
    expect([await count("reactions"), await count("comments"), await count("feed_inbox")]).toEqual([1, 1, 1]);
    expect((await api(`/v1/posts/${id}`, { method: "DELETE", token: author.token })).status).toBe(204);
    expect([await count("reactions"), await count("comments"), await count("feed_inbox")]).toEqual([0, 0, 0]);
    await expectProblem(await api(`/v1/posts/${id}`, { token: author.token }), 404);
    await expectProblem(await api(`/v1/posts/${id}`, { method: "DELETE", token: author.token }), 404);
  });
});
