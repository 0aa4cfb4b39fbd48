import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { postScore } from "../../workers/domain/social/rank";
import { api, expectProblem, newUser } from "../helpers/api";

type User = { id: string; token: string };

async function share(user: User, visibility = "public"): Promise<string> {
  const res = await api("/v1/posts", { method: "POST", token: user.token, json: { body: "반응 테스트", visibility } });
  return ((await res.json()) as { id: string }).id;
}
const react = (user: User, id: string, type: string) =>
  api(`/v1/posts/${id}/reactions`, { method: "POST", token: user.token, json: { type } });
const unreact = (user: User, id: string, type: string) =>
  api(`/v1/posts/${id}/reactions/${type}`, { method: "DELETE", token: user.token });
const stored = (id: string) =>
  env.DB.prepare("SELECT reaction_count, comment_count, score, created_at FROM posts WHERE id = ?")
    .bind(id)
    .first<{ reaction_count: number; comment_count: number; score: number; created_at: number }>();

describe("reactions", () => {
  it("one per type per person: repeating is idempotent, DELETE takes it back, types count apart", async () => {
    const [author, fan] = [await newUser(), await newUser()];
    const id = await share(author);
    expect(await (await react(fan, id, "like")).json()).toEqual({ postId: id, type: "like", count: 1, reacted: true });
    expect(await (await react(fan, id, "like")).json()).toEqual({ postId: id, type: "like", count: 1, reacted: true });
    expect(await (await react(fan, id, "cheer")).json()).toMatchObject({ type: "cheer", count: 1 });
    expect(await (await react(author, id, "like")).json()).toMatchObject({ count: 2, reacted: true });
    const seen = (await (await api(`/v1/posts/${id}`, { token: fan.token })).json()) as Record<string, unknown>;
    expect(seen).toMatchObject({ reactions: { like: 2, cheer: 1, insight: 0 }, myReactions: ["cheer", "like"] });
    expect(await (await unreact(fan, id, "like")).json()).toEqual({
      postId: id,
      type: "like",
      count: 1,
      reacted: false,
    });
    expect(await (await unreact(fan, id, "like")).json()).toMatchObject({ count: 1, reacted: false });
    const row = (await stored(id))!;
    expect(row.reaction_count).toBe(2);
    expect(row.score).toBeCloseTo(postScore(row.created_at, 2, 0), 9);
  });

  it("keeps exact counts under many concurrent reactions and removals", async () => {
    const author = await newUser();
    const id = await share(author);
    const fans = await Promise.all(Array.from({ length: 25 }, () => newUser()));
    const results = await Promise.all(
      fans.flatMap((fan) => [react(fan, id, "like"), react(fan, id, "cheer"), react(fan, id, "like")]),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    let row = (await stored(id))!;
    expect(row.reaction_count).toBe(50);
    expect(row.score).toBeCloseTo(postScore(row.created_at, 50, 0), 9);
    await Promise.all(fans.slice(0, 10).map((fan) => unreact(fan, id, "cheer")));
    row = (await stored(id))!;
    expect(row.reaction_count).toBe(40);
    const post = (await (await api(`/v1/posts/${id}`, { token: author.token })).json()) as Record<string, unknown>;
    expect(post).toMatchObject({ reactions: { like: 25, cheer: 15, insight: 0 }, myReactions: [] });
  });

  it("refuses a bad type with 400, an unknown post with 404, and writes nothing", async () => {
    const [author, fan] = [await newUser(), await newUser()];
    const id = await share(author);
    await expectProblem(await react(fan, id, "love"), 400);
    await expectProblem(
      await api(`/v1/posts/${id}/reactions`, { method: "POST", token: fan.token, json: { type: "like", extra: 1 } }),
      400,
    );
    await expectProblem(await unreact(fan, id, "love"), 400);
    await expectProblem(await react(fan, "no-such-post", "like"), 404);
    const count = await env.DB.prepare("SELECT count(*) AS n FROM reactions WHERE user_id = ?").bind(fan.id).first();
    expect(count).toEqual({ n: 0 });
  });
});
