import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { CATEGORIES } from "../../schemas/lifelog";
import { FANOUT_MAX_FOLLOWERS, postScore } from "../../workers/domain/social/rank";
import type { AppEnv } from "../../workers/env";
import worker from "../../workers/index";
import { insertPost } from "../../workers/ports/db/posts";
import { api, BASE, newUser } from "../helpers/api";
import { meterD1 } from "../helpers/d1-meter";

type User = { id: string; token: string };
type Json = Record<string, unknown>;
type GqlBody = { data?: Json | null; errors?: { message: string; extensions?: Json }[] };

const BLOCK = "start end category";
/** Every field of a post, nested ones included. */
const POST = `id authorId body visibility communityId createdAt commentCount myReactions reactions { like cheer insight }
  snapshot { kind day entry { ${BLOCK} } minutes { ${CATEGORIES.join(" ")} } blocks { ${BLOCK} } }`;

async function rest(user: User, path: string, init: { method?: string } = {}) {
  const res = await api(path, { ...init, token: user.token });
  expect(res.status, path).toBeLessThan(300);
  return (await res.json()) as Json;
}

describe("no N+1 over GraphQL", () => {
  /** POST /graphql through the Worker's real fetch with D1 behind a meter; the statements it ran. */
  async function metered(user: User, query: string) {
    const meter = meterD1(env.DB);
    const ctx = createExecutionContext();
    const res = await worker.fetch(
      new Request(`${BASE}/graphql`, {
        method: "POST",
        headers: {
          Authorization: `Bearer ${user.token}`,
          "Content-Type": "application/json",
          "CF-Connecting-IP": `203.0.113.${Math.floor(Math.random() * 250) + 1}`,
        },
        body: JSON.stringify({ query }),
      }),
      { ...env, DB: meter.db } as AppEnv,
      ctx,
    );
    const body = (await res.json()) as GqlBody;
    await waitOnExecutionContext(ctx);
    expect(body.errors).toBeUndefined();
    return { data: body.data!, statements: meter.statements.length };
  }

  /** A reader following an author who wrote `count` followers-only posts (written straight to D1: the per-user rate limit). */
  async function followedAuthor(count: number) {
    const [author, reader] = [await newUser(), await newUser()];
    await rest(reader, `/v1/follows/${author.id}`, { method: "POST" });
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const id = crypto.randomUUID();
      const createdAt = Date.now() - i * 1000;
      await insertPost(
        env,
        {
          id,
          authorId: author.id,
          body: `게시물 ${i} post ${i}`,
          visibility: "followers",
          communityId: null,
          snapshot: null,
          score: postScore(createdAt, 0, 0),
          createdAt,
        },
        FANOUT_MAX_FOLLOWERS,
      );
      ids.push(id);
    }
    return { author, reader, ids };
  }

  it("a feed of 40 posts with nested fields costs the same D1 statements as a feed of 5", async () => {
    const query = `{ feed(limit: 100) { items { ${POST} } nextCursor } }`;
    const few = await followedAuthor(5);
    const many = await followedAuthor(40);
    const small = await metered(few.reader, query);
    const large = await metered(many.reader, query);
    const mine = (d: Json, authorId: string) =>
      ((d.feed as { items: Json[] }).items ?? []).filter((p) => p.authorId === authorId).length;
    expect(mine(small.data, few.author.id)).toBe(5);
    expect(mine(large.data, many.author.id)).toBe(40);
    expect(large.statements).toBe(small.statements);
  });

  it("forty post(id) fields in one request are one batch: the same statements as five", async () => {
    const { reader, ids } = await followedAuthor(40);
    const aliases = (n: number) =>
      ids
        .slice(0, n)
        .map((id, i) => `p${i}: post(id: "${id}") { ${POST} }`)
        .join("\n");
    const five = await metered(reader, `{ ${aliases(5)} }`);
    const forty = await metered(reader, `{ ${aliases(40)} }`);
    expect(Object.keys(forty.data)).toHaveLength(40);
    expect(Object.values(forty.data).every((p) => p !== null)).toBe(true);
    expect(forty.statements).toBe(five.statements);
  });
});
