import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { FEED_SOURCE_LIMITS, FANOUT_MAX_FOLLOWERS } from "../../workers/domain/social/rank";
import { feedCandidates } from "../../workers/ports/db/feed";
import { addComment, listComments } from "../../workers/services/social/comments";
import { feedPage } from "../../workers/services/social/feed";
import { getPost } from "../../workers/services/social/posts";
import { react } from "../../workers/services/social/reactions";
import { api, expectProblem, newUser, uniqueId } from "../helpers/api";
import { fullScans, meterD1 } from "../helpers/d1-meter";
import { putLabel } from "../helpers/lifelog-rows";

type User = { id: string; token: string };
type Page = { items: { id: string; authorId: string }[]; nextCursor: string | null };

async function share(user: User, body: string, visibility = "followers"): Promise<string> {
  const res = await api("/v1/posts", { method: "POST", token: user.token, json: { body, visibility } });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}
async function page(user: User, query: string): Promise<Page> {
  const res = await api(`/v1/feed?${query}`, { token: user.token });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Page;
}
const follow = (user: User, whom: string) => api(`/v1/follows/${whom}`, { method: "POST", token: user.token });

describe("the feed", () => {
  it("is newest first with the popularity boost, and stable across pages while posts arrive and reactions change", async () => {
    const [author, reader] = [await newUser(), await newUser()];
    expect((await follow(reader, author.id)).status).toBe(200);
    const ids: string[] = [];
    for (let i = 0; i < 24; i++) ids.push(await share(author, `글 ${i} post ${i}`));
    const first = await page(reader, "limit=10");
    const mine = first.items.filter((p) => p.authorId === author.id).map((p) => p.id);
    expect(mine).toEqual(ids.slice(-mine.length).reverse());
    expect(first.nextCursor).not.toBeNull();

    // meanwhile: new posts, and reactions that lift old posts above everything on page 1
    const late = [await share(author, "새 글 new"), await share(author, "또 새 글 newer")];
    const fans = await Promise.all(Array.from({ length: 6 }, () => newUser()));
    for (const old of ids.slice(0, 2))
      for (const fan of fans) {
        await follow(fan, author.id);
        const res = await api(`/v1/posts/${old}/reactions`, {
          method: "POST",
          token: fan.token,
          json: { type: "like" },
        });
        expect(res.status).toBe(200);
      }

    const seen = [...first.items.map((p) => p.id)];
    let cursor = first.nextCursor;
    while (cursor) {
      const next = await page(reader, `limit=10&cursor=${encodeURIComponent(cursor)}`);
      seen.push(...next.items.map((p) => p.id));
      cursor = next.nextCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of ids) expect(seen).toContain(id);
    for (const id of late) expect(seen).not.toContain(id);

    // a new first page ranks again: the new posts and the boosted old ones come first
    const fresh = (await page(reader, "limit=100")).items.filter((p) => p.authorId === author.id).map((p) => p.id);
    expect(fresh.slice(0, 2).sort()).toEqual(ids.slice(0, 2).sort());
    expect(fresh.slice(2, 4)).toEqual([late[1], late[0]]);
  });

  it("brings public posts by public holders of a followed label, not private holders' nor non-public posts", async () => {
    const [reader, open, closed] = [await newUser(), await newUser(), await newUser()];
    const value = uniqueId("달리기 Running Club");
    await putLabel(open.id, { key: "interest", value, visibility: "public" });
    await putLabel(closed.id, { key: "interest", value, visibility: "private" });
    const res = await api(`/v1/follows/labels/interest/${encodeURIComponent(`  ${value.toUpperCase()} `)}`, {
      method: "POST",
      token: reader.token,
    });
    expect(await res.json()).toEqual({ following: true });
    const openPublic = await share(open, "공개 글", "public");
    const openFollowers = await share(open, "팔로워 글", "followers");
    const openPrivate = await share(open, "비밀 글", "private");
    const closedPublic = await share(closed, "비공개 라벨의 공개 글", "public");
    const fromLabels = (await feedCandidates(env, reader.id, { ...FEED_SOURCE_LIMITS, popular: 0 })).map((c) => c.id);
    expect(fromLabels).toContain(openPublic);
    expect(fromLabels).not.toContain(closedPublic);
    const feed = (await page(reader, "limit=100")).items.map((p) => p.id);
    expect(feed).toContain(openPublic);
    expect(feed).not.toContain(openFollowers);
    expect(feed).not.toContain(openPrivate);
    await api(`/v1/follows/labels/interest/${encodeURIComponent(value)}`, { method: "DELETE", token: reader.token });
    const after = (await feedCandidates(env, reader.id, { ...FEED_SOURCE_LIMITS, popular: 0 })).map((c) => c.id);
    expect(after).not.toContain(openPublic);
  });

  it(`fans out to ${FANOUT_MAX_FOLLOWERS} followers' inboxes and fans in above that`, async () => {
    const [small, big, reader] = [await newUser(), await newUser(), await newUser()];
    await follow(reader, small.id);
    await follow(reader, big.id);
    // the other followers are rows only: what counts is how many there are
    const others = Array.from({ length: FANOUT_MAX_FOLLOWERS }, (_, i) => `${big.id}-fan-${i}`);
    for (let i = 0; i < others.length; i += 100)
      await env.DB.batch(
        others
          .slice(i, i + 100)
          .map((f) => env.DB.prepare("INSERT INTO follows VALUES (?, ?, ?)").bind(f, big.id, Date.now())),
      );
    const fromSmall = await share(small, "작은 계정 small");
    const fromBig = await share(big, "큰 계정 big");
    const inbox = async (postId: string) =>
      (
        await env.DB.prepare("SELECT user_id FROM feed_inbox WHERE post_id = ?").bind(postId).all<{ user_id: string }>()
      ).results.map((r) => r.user_id);
    expect(await inbox(fromSmall)).toEqual([reader.id]);
    expect(await inbox(fromBig)).toEqual([`~out/${big.id}`]);
    const feed = (await page(reader, "limit=100")).items.map((p) => p.id);
    expect(feed).toEqual(expect.arrayContaining([fromSmall, fromBig]));
  });

  it("refuses a cursor it did not issue or another user's, with 400", async () => {
    const [a, b] = [await newUser(), await newUser()];
    for (let i = 0; i < 3; i++) await share(a, `a ${i}`, "private");
    const first = await page(a, "limit=1");
    expect(first.nextCursor).not.toBeNull();
    await expectProblem(await api(`/v1/feed?cursor=${first.nextCursor}`, { token: b.token }), 400);
    await expectProblem(await api("/v1/feed?cursor=bm9wZQ", { token: a.token }), 400);
    await expectProblem(await api("/v1/feed?limit=101", { token: a.token }), 400);
    await expectProblem(await api("/v1/feed?limit=0", { token: a.token }), 400);
  });

  it("reads the feed, a post, reactions and comments in a few indexed statements, none a whole-table scan", async () => {
    const [author, reader] = [await newUser(), await newUser()];
    await follow(reader, author.id);
    await putLabel(author.id, { key: "region", value: "서울", visibility: "public" });
    await api(`/v1/follows/labels/region/${encodeURIComponent("서울")}`, { method: "POST", token: reader.token });
    const id = await share(author, "측정", "public");
    const meter = meterD1(env.DB);
    const metered = { ...env, DB: meter.db };
    const first = await feedPage(metered, reader.id, { limit: 1 });
    await feedPage(metered, reader.id, { limit: 1, cursor: first.nextCursor! });
    await getPost(metered, reader.id, id);
    await react(metered, reader.id, id, "cheer");
    await addComment(metered, reader.id, id, "좋네요");
    await listComments(metered, reader.id, id, { limit: 20 });
    // feed: 5 candidate reads + 2 post/reaction reads; page 2: 2; post: 2; react: 4; comment: 4; list: 2
    expect(meter.statements.length).toBe(21);
    expect(await fullScans(env.DB, meter.statements)).toEqual([]);
    // a page's posts are found by id: not by ranging over every visible post's index (the bench's
    // 10,000 posts made that the feed's slowest statement)
    const reads = meter.statements.filter((st) => /json_each\(\?2\)/.test(st.sql));
    expect(reads.length).toBeGreaterThan(0);
    for (const st of reads) {
      const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${st.sql}`)
        .bind(...st.params)
        .all<{ detail: string }>();
      const posts = plan.results
        .map((r) => r.detail)
        .filter((d) => /\bposts\b| p /.test(` ${d} `) && !/^SCAN j/.test(d));
      expect(
        posts.some((d) => /USING INDEX sqlite_autoindex_posts_1 \(id=\?\)|USING PRIMARY KEY/.test(d)),
        posts.join(" | "),
      ).toBe(true);
      expect(posts.filter((d) => /posts_visibility/.test(d))).toEqual([]);
    }
  });
});
