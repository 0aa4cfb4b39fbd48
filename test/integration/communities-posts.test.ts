import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { communityPostIds } from "../../workers/ports/db/communities";
import { api, expectProblem, newUser } from "../helpers/api";
import { setTier } from "../helpers/lifelog-rows";

type User = { id: string; token: string };
type PostList = {
  items: { id: string; body: string; communityId: string; visibility: string }[];
  nextCursor: string | null;
};

const send = (user: User, method: string, path: string, json?: unknown) =>
  api(path, { method, token: user.token, ...(json === undefined ? {} : { json }) });

async function community(owner: User, members: User[], body: Record<string, unknown> = {}): Promise<string> {
  const res = await send(owner, "POST", "/v1/communities", { title: "글쓰기 모임", ...body });
  expect(res.status).toBe(201);
  const { id } = (await res.json()) as { id: string };
  for (const m of members) expect((await send(m, "POST", `/v1/communities/${id}/join`)).status).toBe(200);
  return id;
}

async function write(user: User, id: string, body: string): Promise<string> {
  const res = await send(user, "POST", `/v1/communities/${id}/posts`, { body });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

async function posts(user: User, id: string): Promise<PostList> {
  const res = await api(`/v1/communities/${id}/posts`, { token: user.token });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as PostList;
}

const removedAt = (postId: string) =>
  env.DB.prepare(`SELECT removed_at FROM posts WHERE id = ?`).bind(postId).first<{ removed_at: number | null }>();

describe("community posts", () => {
  it("are written by members as public posts of the community and read by anyone signed in", async () => {
    const [owner, member, outsider] = [await newUser(), await newUser(), await newUser()];
    const id = await community(owner, [member]);
    const first = await write(member, id, "오늘 10km 완주했어요!");
    const second = await write(owner, id, "다들 수고했어요 — great work");
    const list = await posts(outsider, id);
    expect(list.items.map((p) => p.id)).toEqual([second, first]);
    expect(list.items[1]).toMatchObject({ body: "오늘 10km 완주했어요!", communityId: id, visibility: "public" });
  });

  it("refuse non-members with 403 and bad input with 400, writing nothing", async () => {
    const [owner, outsider] = [await newUser(), await newUser()];
    const id = await community(owner, []);
    await expectProblem(await send(outsider, "POST", `/v1/communities/${id}/posts`, { body: "안녕하세요" }), 403);
    for (const bad of [{ body: "" }, { body: "x".repeat(5_001) }, { body: "hi", visibility: "private" }, {}])
      await expectProblem(await send(owner, "POST", `/v1/communities/${id}/posts`, bad), 400);
    await expectProblem(await send(owner, "POST", `/v1/communities/nope/posts`, { body: "hi" }), 404);
    const row = await env.DB.prepare(`SELECT count(*) AS n FROM posts WHERE community_id = ?`)
      .bind(id)
      .first<{ n: number }>();
    expect(row!.n).toBe(0);
  });

  it("are removed by a moderator: gone from the community, still seen by their author", async () => {
    const [owner, moderator, member, outsider] = [await newUser(), await newUser(), await newUser(), await newUser()];
    const id = await community(owner, [moderator, member]);
    expect(
      (await send(owner, "PUT", `/v1/communities/${id}/members/${moderator.id}`, { role: "moderator" })).status,
    ).toBe(200);
    const postId = await write(member, id, "광고 링크 spam");
    await expectProblem(await send(member, "DELETE", `/v1/communities/${id}/posts/${postId}`), 403);
    await expectProblem(await send(outsider, "DELETE", `/v1/communities/${id}/posts/${postId}`), 403);
    expect(await removedAt(postId)).toEqual({ removed_at: null });
    expect((await send(moderator, "DELETE", `/v1/communities/${id}/posts/${postId}`)).status).toBe(204);
    expect((await send(moderator, "DELETE", `/v1/communities/${id}/posts/${postId}`)).status).toBe(204);
    expect((await removedAt(postId))!.removed_at).not.toBeNull();
    expect((await posts(outsider, id)).items).toEqual([]);
    expect((await posts(member, id)).items).toEqual([]);
    expect((await api(`/v1/posts/${postId}`, { token: member.token })).status).toBe(200);
    await expectProblem(await api(`/v1/posts/${postId}`, { token: outsider.token }), 404);
    await expectProblem(await send(moderator, "DELETE", `/v1/communities/${id}/posts/no-such-post`), 404);
  });

  it("of another community cannot be removed through this one", async () => {
    const [owner, other] = [await newUser(), await newUser()];
    const mine = await community(owner, []);
    const theirs = await community(other, []);
    const postId = await write(other, theirs, "다른 모임의 글");
    await expectProblem(await send(owner, "DELETE", `/v1/communities/${mine}/posts/${postId}`), 404);
    expect(await removedAt(postId)).toEqual({ removed_at: null });
  });
});

describe("community posts of a Pro-only community", () => {
  it("need Pro to read, in the route and in the query that reads them", async () => {
    const [pro, free, otherPro] = [await newUser(), await newUser(), await newUser()];
    await setTier(pro.id, "pro");
    await setTier(otherPro.id, "pro");
    const id = await community(pro, [], { proOnly: true });
    const postId = await write(pro, id, "프로 전용 글");
    const problem = await expectProblem(await api(`/v1/communities/${id}/posts`, { token: free.token }), 402);
    expect(problem).toMatchObject({ upgrade: true, limit: "pro_communities" });
    expect((await posts(otherPro, id)).items.map((p) => p.id)).toEqual([postId]);
    const read = (viewerId: string) => communityPostIds(env, viewerId, id, { limit: 10 });
    expect((await read(free.id)).items).toEqual([]);
    expect((await read(otherPro.id)).items.map((p) => p.id)).toEqual([postId]);
  });

  it("gate a member who was downgraded, for writing and reading", async () => {
    const [pro, member] = [await newUser(), await newUser()];
    await setTier(pro.id, "pro");
    await setTier(member.id, "pro");
    const id = await community(pro, [member], { proOnly: true });
    await write(member, id, "아직 프로예요");
    await setTier(member.id, "free");
    await expectProblem(await send(member, "POST", `/v1/communities/${id}/posts`, { body: "이제 무료예요" }), 402);
    await expectProblem(await api(`/v1/communities/${id}/posts`, { token: member.token }), 402);
  });
});
