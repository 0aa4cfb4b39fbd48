import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createPost, postsByIds } from "../../workers/services/social/posts";
import { api, expectProblem, newUser } from "../helpers/api";
import { setTier } from "../helpers/lifelog-rows";

type User = { id: string; token: string };
type Visibility = "public" | "followers" | "private";
const VISIBILITIES: Visibility[] = ["public", "followers", "private"];

async function share(user: User, body: string, visibility: Visibility): Promise<string> {
  const res = await api("/v1/posts", { method: "POST", token: user.token, json: { body, visibility } });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}
const feedIds = async (user: User) => {
  const res = await api("/v1/feed?limit=100", { token: user.token });
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: { id: string }[] }).items.map((p) => p.id);
};

/** Every REST read of a post, as `viewer`: the post, its comments and a reaction (which reads its count). */
const reads = (id: string) => [
  (token?: string) => api(`/v1/posts/${id}`, { token }),
  (token?: string) => api(`/v1/posts/${id}/comments`, { token }),
  (token?: string) => api(`/v1/posts/${id}/reactions`, { method: "POST", token, json: { type: "insight" } }),
  (token?: string) => api(`/v1/posts/${id}/reactions/insight`, { method: "DELETE", token }),
];

describe("who sees a post", () => {
  const people = {} as Record<"author" | "follower" | "stranger", User>;
  const posts = {} as Record<Visibility, string>;

  beforeAll(async () => {
    people.author = await newUser();
    people.follower = await newUser();
    people.stranger = await newUser();
    expect(
      (await api(`/v1/follows/${people.author.id}`, { method: "POST", token: people.follower.token })).status,
    ).toBe(200);
    for (const v of VISIBILITIES) posts[v] = await share(people.author, `${v} 글 ${people.author.id}`, v);
    // an approved comment by the author on each: its count and text must follow the post's visibility
    for (const v of VISIBILITIES)
      await api(`/v1/posts/${posts[v]}/comments`, {
        method: "POST",
        token: people.author.token,
        json: { body: "첫 댓글" },
      });
  });

  const expected: Record<"author" | "follower" | "stranger", Record<Visibility, boolean>> = {
    author: { public: true, followers: true, private: true },
    follower: { public: true, followers: true, private: false },
    stranger: { public: true, followers: false, private: false },
  };

  for (const viewer of ["author", "follower", "stranger"] as const)
    for (const v of VISIBILITIES)
      it(`${v} post, ${viewer}: ${expected[viewer][v] ? "seen" : "404"} on every read and ${expected[viewer][v] ? "in" : "not in"} the feed`, async () => {
        const { token } = people[viewer];
        for (const read of reads(posts[v])) {
          const res = await read(token);
          if (expected[viewer][v]) expect(res.status).toBeLessThan(300);
          else {
            const problem = await expectProblem(res, 404);
            expect(JSON.stringify(problem)).not.toContain(people.author.id);
          }
        }
        if (expected[viewer][v]) {
          const post = (await (await api(`/v1/posts/${posts[v]}`, { token })).json()) as { commentCount: number };
          expect(post.commentCount).toBe(1);
        }
        // a stranger's feed may or may not hold a public post among the popular ones: only the rest is decided
        if (viewer !== "stranger" || v !== "public")
          expect((await feedIds(people[viewer])).includes(posts[v])).toBe(expected[viewer][v]);
      });

  it("answers 401 on every read without a token", async () => {
    for (const v of VISIBILITIES) for (const read of reads(posts[v])) await expectProblem(await read(), 401);
    await expectProblem(await api("/v1/feed"), 401);
  });

  it("hides followers-only posts as soon as the follower unfollows", async () => {
    const [author, fan] = [await newUser(), await newUser()];
    await api(`/v1/follows/${author.id}`, { method: "POST", token: fan.token });
    const id = await share(author, "팔로워 전용", "followers");
    expect((await api(`/v1/posts/${id}`, { token: fan.token })).status).toBe(200);
    expect(await feedIds(fan)).toContain(id);
    await api(`/v1/follows/${author.id}`, { method: "DELETE", token: fan.token });
    await expectProblem(await api(`/v1/posts/${id}`, { token: fan.token }), 404);
    await expectProblem(await api(`/v1/posts/${id}/comments`, { token: fan.token }), 404);
    expect(await feedIds(fan)).not.toContain(id);
  });

  it("the batch loader returns only what the viewer may see", async () => {
    const found = await postsByIds(env, people.stranger.id, [...Object.values(posts), "no-such-post"]);
    expect([...found.keys()]).toEqual([posts.public]);
    const mine = await postsByIds(env, people.author.id, Object.values(posts));
    expect(mine.size).toBe(3);
  });
});

describe("posts of communities and of moderators' removals", () => {
  it("a Pro-only community's post answers 402 to Free and 200 to Pro, in the SQL that reads it", async () => {
    const [owner, free, pro] = [await newUser(), await newUser(), await newUser()];
    await setTier(pro.id, "pro");
    const community = crypto.randomUUID();
    await env.DB.prepare(
      "INSERT INTO communities (id, title, description, owner_id, pro_only, member_count, created_at) VALUES (?, ?, '', ?, 1, 1, ?)",
    )
      .bind(community, "프로 전용", owner.id, Date.now())
      .run();
    const { id } = await createPost(
      env,
      owner.id,
      { body: "보드 글", visibility: "followers" },
      { communityId: community },
    );
    const stored = await env.DB.prepare("SELECT visibility, community_id FROM posts WHERE id = ?").bind(id).first();
    expect(stored).toEqual({ visibility: "public", community_id: community });
    const problem = await expectProblem(await api(`/v1/posts/${id}`, { token: free.token }), 402);
    expect(problem).toMatchObject({ upgrade: true });
    await expectProblem(await api(`/v1/posts/${id}/comments`, { token: free.token }), 402);
    await expectProblem(
      await api(`/v1/posts/${id}/reactions`, { method: "POST", token: free.token, json: { type: "like" } }),
      402,
    );
    expect((await postsByIds(env, free.id, [id])).size).toBe(0);
    expect((await api(`/v1/posts/${id}`, { token: pro.token })).status).toBe(200);
    expect((await api(`/v1/posts/${id}`, { token: owner.token })).status).toBe(200);
    // community posts stay in their community
    expect(await feedIds(pro)).not.toContain(id);
    expect(await feedIds(owner)).not.toContain(id);
    const reactions = await env.DB.prepare("SELECT count(*) AS n FROM reactions WHERE post_id = ?").bind(id).first();
    expect(reactions).toEqual({ n: 0 });
  });

  it("a post removed by a moderator is visible to its author only", async () => {
    const [author, other] = [await newUser(), await newUser()];
    const id = await share(author, "지워질 글", "public");
    await env.DB.prepare("UPDATE posts SET removed_at = ? WHERE id = ?").bind(Date.now(), id).run();
    await expectProblem(await api(`/v1/posts/${id}`, { token: other.token }), 404);
    expect(await feedIds(other)).not.toContain(id);
    expect((await api(`/v1/posts/${id}`, { token: author.token })).status).toBe(200);
  });
});
