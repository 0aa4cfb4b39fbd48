import { describe, expect, it } from "vitest";
import { CATEGORIES } from "../../schemas/lifelog";
import { api, expectProblem, newUser } from "../helpers/api";
import { activity, daysAgo, postActivity } from "../helpers/lifelog";
import { setTier } from "../helpers/lifelog-rows";
import { type GqlBody, type Json, type User, codes, compact, data, gql, rest } from "../helpers/graphql";

const BLOCK = "start end category";
const POST = `id authorId body visibility communityId createdAt commentCount myReactions reactions { like cheer insight }
  snapshot { kind day entry { ${BLOCK} } minutes { ${CATEGORIES.join(" ")} } blocks { ${BLOCK} } }`;
const COMMUNITY = "id title description ownerId proOnly memberCount myRole createdAt";
const CHALLENGE = `id communityId title target startAt endAt status createdAt metric { kind category time }
  myProgress { value reachedAt }`;

async function newPost(user: User, json: Json): Promise<string> {
  return (await rest(user, "/v1/posts", { method: "POST", json })).id as string;
}
/** Every post id of the viewer's GraphQL feed, page by page. */
async function feedIds(user: User): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  do {
    const page = (await data(user, `query($a: String) { feed(limit: 100, after: $a) { items { id } nextCursor } }`, {
      a: after,
    })) as { feed: { items: { id: string }[]; nextCursor: string | null } };
    ids.push(...page.feed.items.map((p) => p.id));
    after = page.feed.nextCursor;
  } while (after);
  return ids;
}

describe("posts over GraphQL", () => {
  it("post(id) is what GET /v1/posts/{id} answers, snapshot included", async () => {
    const [author, reader] = [await newUser(), await newUser()];
    await postActivity(author.token, [activity("manual", `${daysAgo(1)}T18:00:00Z`, 45, { category: "exercise" })]);
    const id = await newPost(author, {
      body: "저녁 러닝 45분 — an evening run",
      day: daysAgo(1),
      visibility: "public",
    });
    await rest(reader, `/v1/posts/${id}/reactions`, { method: "POST", json: { type: "cheer" } });
    const viaRest = await rest(reader, `/v1/posts/${id}`);
    const { post } = await data(reader, `query($id: ID!) { post(id: $id) { ${POST} } }`, { id });
    expect(compact(post)).toEqual(compact(viaRest));
    expect(viaRest).toMatchObject({ snapshot: { kind: "day_stats" }, myReactions: ["cheer"] });
  });

  it("a stranger asking for a private post gets NOT_FOUND (REST: 404), and no feed of theirs includes it", async () => {
    const [author, stranger] = [await newUser(), await newUser()];
    const secret = await newPost(author, { body: "비공개 일기 private diary", visibility: "private" });
    const open = await newPost(author, { body: "공개 글 public post", visibility: "public" });
    await expectProblem(await api(`/v1/posts/${secret}`, { token: stranger.token }), 404);
    const asked = await gql(stranger, `query($id: ID!) { post(id: $id) { id body } }`, { id: secret });
    expect(codes(asked)).toEqual(["NOT_FOUND"]);
    expect(asked.data).toEqual({ post: null });
    expect(JSON.stringify(asked)).not.toContain("비공개");
    // following the author brings in the public post, never the private one
    expect(await data(stranger, `mutation($u: ID) { follow(userId: $u) { following } }`, { u: author.id })).toEqual({
      follow: { following: true },
    });
    const ids = await feedIds(stranger);
    expect(ids).toContain(open);
    expect(ids).not.toContain(secret);
    // the author still reads their own private post
    expect(await data(author, `query($id: ID!) { post(id: $id) { id } }`, { id: secret })).toEqual({
      post: { id: secret },
    });
  });

  it("a followers-only post is NOT_FOUND for a stranger, visible once they follow, hidden again after unfollow", async () => {
    const [author, reader] = [await newUser(), await newUser()];
    const id = await newPost(author, { body: "팔로워 전용 followers only", visibility: "followers" });
    const ask = () => gql(reader, `query($id: ID!) { post(id: $id) { id visibility } }`, { id });
    expect(codes(await ask())).toEqual(["NOT_FOUND"]);
    await data(reader, `mutation($u: ID) { follow(userId: $u) { following } }`, { u: author.id });
    expect((await ask()).data).toEqual({ post: { id, visibility: "followers" } });
    expect(await data(reader, `mutation($u: ID) { unfollow(userId: $u) { following } }`, { u: author.id })).toEqual({
      unfollow: { following: false },
    });
    expect(codes(await ask())).toEqual(["NOT_FOUND"]);
    expect(await feedIds(reader)).not.toContain(id);
  });

  it("feed pages are the REST feed's pages: same posts, same order, same fields", async () => {
    const [author, reader] = [await newUser(), await newUser()];
    await rest(reader, `/v1/follows/${author.id}`, { method: "POST" });
    for (let i = 0; i < 3; i++) await newPost(author, { body: `글 ${i} post ${i}`, visibility: "followers" });
    const restPage = await rest(reader, "/v1/feed?limit=2");
    const gqlPage = (await data(reader, `{ feed(limit: 2) { items { ${POST} } nextCursor } }`)).feed as Json;
    expect(compact(gqlPage.items)).toEqual(compact(restPage.items));
    const restNext = await rest(reader, `/v1/feed?limit=2&cursor=${encodeURIComponent(String(restPage.nextCursor))}`);
    const gqlNext = (await data(reader, `query($a: String) { feed(limit: 2, after: $a) { items { ${POST} } } }`, {
      a: gqlPage.nextCursor,
    })) as { feed: Json };
    expect(compact(gqlNext.feed.items)).toEqual(compact(restNext.items));
  });

  it("createPost answers the post as GET /v1/posts/{id} shows it, and refuses 5,001 Hangul characters", async () => {
    const user = await newUser();
    const made = await data(user, `mutation($p: PostInput!) { createPost(input: $p) { ${POST} } }`, {
      p: { body: "가".repeat(5000), visibility: "private", day: null },
    });
    const post = made.createPost as Json;
    expect(compact(post)).toEqual(compact(await rest(user, `/v1/posts/${post.id}`)));
    const long = await gql(user, `mutation($p: PostInput!) { createPost(input: $p) { id } }`, {
      p: { body: "가".repeat(5001), visibility: "public" },
    });
    expect(codes(long)).toEqual(["BAD_USER_INPUT"]);
    expect(long.errors![0]!.extensions!.errors).toEqual([expect.objectContaining({ path: "body" })]);
    const bad = await gql(user, `mutation { createPost(input: { body: "x", visibility: "everyone" }) { id } }`);
    expect(codes(bad)).toEqual(["BAD_USER_INPUT"]);
  });

  it("react, unreact and comment are the REST services: idempotent counts and moderated Korean comments", async () => {
    const [author, reader] = [await newUser(), await newUser()];
    const id = await newPost(author, { body: "응원해 주세요", visibility: "public" });
    const react = `mutation($id: ID!) { react(postId: $id, type: "like") { postId type count reacted } }`;
    await data(reader, react, { id });
    expect((await data(reader, react, { id })).react).toEqual({ postId: id, type: "like", count: 1, reacted: true });
    const undo = await data(reader, `mutation($id: ID!) { unreact(postId: $id, type: "like") { count reacted } }`, {
      id,
    });
    expect(undo.unreact).toEqual({ count: 0, reacted: false });
    expect(
      codes(await gql(reader, `mutation($id: ID!) { react(postId: $id, type: "love") { count } }`, { id })),
    ).toEqual(["BAD_USER_INPUT"]);
    const comment = `mutation($id: ID!, $b: String!) { comment(postId: $id, body: $b) { id moderation } }`;
    const made = (await data(reader, comment, { id, b: "멋져요! 화이팅" })).comment as Json;
    const listed = await rest(reader, `/v1/posts/${id}/comments`);
    expect(listed.items).toEqual([expect.objectContaining({ id: made.id, moderation: made.moderation })]);
    const secret = await newPost(author, { body: "나만 보기", visibility: "private" });
    expect(codes(await gql(reader, comment, { id: secret, b: "보이나요?" }))).toEqual(["NOT_FOUND"]);
    expect(codes(await gql(reader, react, { id: secret }))).toEqual(["NOT_FOUND"]);
  });

  it("follow takes exactly one of userId and label; following yourself is a RULE_VIOLATION as in REST", async () => {
    const user = await newUser();
    expect(codes(await gql(user, `mutation { follow { following } }`))).toEqual(["BAD_USER_INPUT"]);
    const both = `mutation($u: ID) { follow(userId: $u, label: { key: "region", value: "서울" }) { following } }`;
    expect(codes(await gql(user, both, { u: "someone" }))).toEqual(["BAD_USER_INPUT"]);
    await expectProblem(await api(`/v1/follows/${user.id}`, { method: "POST", token: user.token }), 422);
    expect(codes(await gql(user, `mutation($u: ID) { follow(userId: $u) { following } }`, { u: user.id }))).toEqual([
      "RULE_VIOLATION",
    ]);
    const label = `mutation { follow(label: { key: "region", value: "서울" }) { following } }`;
    expect(await data(user, label)).toEqual({ follow: { following: true } });
    const badKey = `mutation { follow(label: { key: "shoe_size", value: "270" }) { following } }`;
    expect(codes(await gql(user, badKey))).toEqual(["BAD_USER_INPUT"]);
  });
});

describe("communities and challenges over GraphQL", () => {
  async function proCommunity(title: string) {
    const owner = await newUser();
    await setTier(owner.id, "pro");
    const id = (await rest(owner, "/v1/communities", { method: "POST", json: { title, proOnly: true } })).id as string;
    return { owner, id };
  }

  it("communities lists each community as GET /v1/communities does", async () => {
    const [owner, reader] = [await newUser(), await newUser()];
    const id = (await rest(owner, "/v1/communities", { method: "POST", json: { title: "새벽 러닝 클럽" } })).id;
    const restItem = ((await rest(reader, "/v1/communities?limit=100")).items as Json[]).find((c) => c.id === id);
    const list = (await data(reader, `{ communities(limit: 100) { items { ${COMMUNITY} } nextCursor } }`))
      .communities as {
      items: Json[];
    };
    expect(restItem).toBeDefined();
    expect(compact(list.items.find((c) => c.id === id))).toEqual(compact(restItem));
    expect(codes(await gql(reader, `{ communities(limit: 101) { nextCursor } }`))).toEqual(["BAD_USER_INPUT"]);
  });

  it("joinCommunity on a Pro-only community is PAYMENT_REQUIRED with upgrade: true on Free, as REST's 402", async () => {
    const { id } = await proCommunity("프로 라운지");
    const [free, pro] = [await newUser(), await newUser()];
    await setTier(pro.id, "pro");
    const problem = await expectProblem(
      await api(`/v1/communities/${id}/join`, { method: "POST", token: free.token }),
      402,
    );
    const refused = await gql(free, `mutation($id: ID!) { joinCommunity(id: $id) { id } }`, { id });
    expect(refused.errors![0]!.extensions).toEqual({
      code: "PAYMENT_REQUIRED",
      status: 402,
      upgrade: true,
      limit: (problem as unknown as Json).limit,
    });
    const joined = await data(pro, `mutation($id: ID!) { joinCommunity(id: $id) { ${COMMUNITY} } }`, { id });
    expect(compact(joined.joinCommunity)).toEqual(compact(await rest(pro, `/v1/communities/${id}`)));
    expect(joined.joinCommunity).toMatchObject({ myRole: "member", memberCount: 2 });
  });

  it("challenge(id) is the challenge REST lists; Free on a Pro-only community gets PAYMENT_REQUIRED", async () => {
    const { owner, id } = await proCommunity("주 3회 운동 모임");
    const start = new Date(Date.now() - 86_400_000).toISOString();
    const end = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const challengeId = (
      await rest(owner, `/v1/communities/${id}/challenges`, {
        method: "POST",
        json: { title: "주 3회 운동", metric: { kind: "exercise_days" }, target: 3, startAt: start, endAt: end },
      })
    ).id;
    const listed = ((await rest(owner, `/v1/communities/${id}/challenges`)).items as Json[])[0];
    const { challenge } = await data(owner, `query($id: ID!) { challenge(id: $id) { ${CHALLENGE} } }`, {
      id: challengeId,
    });
    expect(compact(challenge)).toEqual(compact(listed));
    const free = await newUser();
    const refused = await gql(free, `query($id: ID!) { challenge(id: $id) { id } }`, { id: challengeId });
    expect(codes(refused)).toEqual(["PAYMENT_REQUIRED"]);
    expect(refused.errors![0]!.extensions).toMatchObject({ upgrade: true });
    expect(codes(await gql(free, `{ challenge(id: "no-such-challenge") { id } }`))).toEqual(["NOT_FOUND"]);
  });
});
