import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { postScore } from "../../workers/domain/social/rank";
import { api, expectProblem, newUser } from "../helpers/api";

type User = { id: string; token: string };
type Comment = { id: string; body: string; moderation: string; moderationReason?: string | null; authorId: string };

async function share(user: User): Promise<string> {
  const res = await api("/v1/posts", {
    method: "POST",
    token: user.token,
    json: { body: "댓글 달아주세요", visibility: "public" },
  });
  return ((await res.json()) as { id: string }).id;
}
const comment = (user: User, id: string, body: string) =>
  api(`/v1/posts/${id}/comments`, { method: "POST", token: user.token, json: { body } });
async function list(user: User, id: string, query = ""): Promise<{ items: Comment[]; nextCursor: string | null }> {
  const res = await api(`/v1/posts/${id}/comments${query}`, { token: user.token });
  expect(res.status).toBe(200);
  return (await res.json()) as { items: Comment[]; nextCursor: string | null };
}

describe("comments", () => {
  it("moderates Korean and English: others see approved ones only, the author sees their own with the reason", async () => {
    const [author, writer, other] = [await newUser(), await newUser(), await newUser()];
    const id = await share(author);
    const cases = [
      ["멋져요! 저도 내일 달릴게요", "approved"],
      ["Nice pace, well done", "approved"],
      ["ㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋ", "pending"],
      ["free coins at https://spam.example", "pending"],
      ["이 병신아", "rejected"],
      ["what a fucking joke", "rejected"],
    ] as const;
    for (const [body, moderation] of cases) {
      const res = await comment(writer, id, body);
      expect(res.status).toBe(201);
      expect(await res.json()).toMatchObject({ moderation });
    }
    const approved = cases.filter(([, m]) => m === "approved").map(([b]) => b);
    const forOther = await list(other, id);
    expect(forOther.items.map((c) => c.body)).toEqual(approved);
    expect(JSON.stringify(forOther)).not.toMatch(/moderationReason|ㅋㅋ|spam|병신|fucking/);
    expect((await list(author, id)).items.map((c) => c.body)).toEqual(approved);
    const own = await list(writer, id);
    expect(own.items.map((c) => [c.body, c.moderation, c.moderationReason])).toEqual([
      [cases[0][0], "approved", null],
      [cases[1][0], "approved", null],
      [cases[2][0], "pending", "repeated_characters"],
      [cases[3][0], "pending", "link"],
      [cases[4][0], "rejected", "word_list"],
      [cases[5][0], "rejected", "word_list"],
    ]);
    const post = (await (await api(`/v1/posts/${id}`, { token: other.token })).json()) as { commentCount: number };
    expect(post.commentCount).toBe(2);
    const row = await env.DB.prepare("SELECT comment_count, score, created_at FROM posts WHERE id = ?")
      .bind(id)
      .first<{ comment_count: number; score: number; created_at: number }>();
    expect(row!.comment_count).toBe(2);
    expect(row!.score).toBeCloseTo(postScore(row!.created_at, 0, 2), 9);
  });

  it("pages oldest first with a cursor and keeps Korean text intact", async () => {
    const [author, writer] = [await newUser(), await newUser()];
    const id = await share(author);
    const bodies = Array.from({ length: 5 }, (_, i) => `${i}번째 댓글 — comment ${i} 🙂`);
    for (const body of bodies) expect((await comment(writer, id, body)).status).toBe(201);
    const first = await list(author, id, "?limit=2");
    expect(first.items.map((c) => c.body)).toEqual(bodies.slice(0, 2));
    const second = await list(author, id, `?limit=2&cursor=${first.nextCursor}`);
    const third = await list(author, id, `?limit=2&cursor=${second.nextCursor}`);
    expect([...second.items, ...third.items].map((c) => c.body)).toEqual(bodies.slice(2));
    expect(third.nextCursor).toBeNull();
  });

  it("refuses bad input with 400 and a post the writer cannot see with 404, writing nothing", async () => {
    const [author, writer] = [await newUser(), await newUser()];
    const id = await share(author);
    await expectProblem(await comment(writer, id, "   "), 400);
    await expectProblem(await comment(writer, id, "가".repeat(2001)), 400);
    await expectProblem(await comment(writer, id, "bell\u0007"), 400);
    await expectProblem(await api(`/v1/posts/${id}/comments?cursor=nope`, { token: writer.token }), 400);
    const hidden = (await (
      await api("/v1/posts", { method: "POST", token: author.token, json: { body: "비밀", visibility: "private" } })
    ).json()) as { id: string };
    await expectProblem(await comment(writer, hidden.id, "보여요?"), 404);
    const count = await env.DB.prepare("SELECT count(*) AS n FROM comments WHERE author_id = ?")
      .bind(writer.id)
      .first();
    expect(count).toEqual({ n: 0 });
    expect((await comment(writer, id, "가".repeat(2000))).status).toBe(201);
  });
});
