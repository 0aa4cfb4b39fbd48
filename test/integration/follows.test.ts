import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api, expectProblem, newUser } from "../helpers/api";

const rows = async (sql: string, ...params: unknown[]) =>
  (
    await env.DB.prepare(sql)
      .bind(...params)
      .all()
  ).results;

describe("follows", () => {
  it("following a person is idempotent, yourself is 422, and unfollowing is idempotent too", async () => {
    const [a, b] = [await newUser(), await newUser()];
    for (let i = 0; i < 2; i++) {
      const res = await api(`/v1/follows/${b.id}`, { method: "POST", token: a.token });
      expect(await res.json()).toEqual({ following: true });
    }
    expect(await rows("SELECT follower_id FROM follows WHERE followee_id = ?", b.id)).toEqual([{ follower_id: a.id }]);
    const self = await expectProblem(await api(`/v1/follows/${a.id}`, { method: "POST", token: a.token }), 422);
    expect(self.detail).toMatch(/yourself/);
    for (let i = 0; i < 2; i++) {
      const res = await api(`/v1/follows/${b.id}`, { method: "DELETE", token: a.token });
      expect(await res.json()).toEqual({ following: false });
    }
    expect(await rows("SELECT 1 FROM follows WHERE follower_id = ?", a.id)).toEqual([]);
  });

  it("a new follow brings the followee's recent shared posts into the inbox; unfollowing takes them out", async () => {
    const [a, b] = [await newUser(), await newUser()];
    const ids: Record<string, string> = {};
    for (const visibility of ["public", "followers", "private"]) {
      const res = await api("/v1/posts", {
        method: "POST",
        token: b.token,
        json: { body: `먼저 쓴 ${visibility}`, visibility },
      });
      ids[visibility] = ((await res.json()) as { id: string }).id;
    }
    await api(`/v1/follows/${b.id}`, { method: "POST", token: a.token });
    const inbox = await rows("SELECT post_id FROM feed_inbox WHERE user_id = ? ORDER BY created_at", a.id);
    expect(inbox).toEqual([{ post_id: ids.public }, { post_id: ids.followers }]);
    await api(`/v1/follows/${b.id}`, { method: "DELETE", token: a.token });
    expect(await rows("SELECT 1 FROM feed_inbox WHERE user_id = ?", a.id)).toEqual([]);
  });

  it("label follows compare values like labels do (case, spacing, Hangul composition) and are idempotent", async () => {
    const user = await newUser();
    const composed = "서울 러닝 크루";
    const decomposed = "  서울   러닝 크루 ".normalize("NFD");
    for (const value of [composed, decomposed, composed.toUpperCase()]) {
      const res = await api(`/v1/follows/labels/interest/${encodeURIComponent(value)}`, {
        method: "POST",
        token: user.token,
      });
      expect(await res.json()).toEqual({ following: true });
    }
    expect(await rows("SELECT key, value FROM label_follows WHERE user_id = ?", user.id)).toEqual([
      { key: "interest", value: composed },
    ]);
    const gone = await api(`/v1/follows/labels/interest/${encodeURIComponent(decomposed)}`, {
      method: "DELETE",
      token: user.token,
    });
    expect(await gone.json()).toEqual({ following: false });
    expect(await rows("SELECT 1 FROM label_follows WHERE user_id = ?", user.id)).toEqual([]);
  });

  it("refuses an unknown label key, a bad value and a bad user id with 400, writing nothing", async () => {
    const user = await newUser();
    await expectProblem(await api("/v1/follows/labels/company/Acme", { method: "POST", token: user.token }), 400);
    await expectProblem(
      await api(`/v1/follows/labels/interest/${encodeURIComponent("가".repeat(101))}`, {
        method: "POST",
        token: user.token,
      }),
      400,
    );
    await expectProblem(
      await api(`/v1/follows/${encodeURIComponent("a b")}`, { method: "POST", token: user.token }),
      400,
    );
    expect(await rows("SELECT 1 FROM label_follows WHERE user_id = ?", user.id)).toEqual([]);
    expect(await rows("SELECT 1 FROM follows WHERE follower_id = ?", user.id)).toEqual([]);
  });
});
