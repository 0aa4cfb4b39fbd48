import { describe, expect, it } from "vitest";
import { api, expectProblem, newUser } from "../helpers/api";
import { type GqlBody, type User, gql } from "../helpers/graphql";

const VISIBILITIES = ["public", "followers", "private"] as const;

/** Every post id of the viewer's feed over GraphQL and over REST, each walked to its last page. */
async function feeds(user: User): Promise<{ graphql: string[]; rest: string[] }> {
  const graphql: string[] = [];
  let after: string | null = null;
  do {
    const body = await gql(user, `query($a: String) { feed(limit: 100, after: $a) { items { id } nextCursor } }`, {
      a: after,
    });
    const page = body.data!.feed as { items: { id: string }[]; nextCursor: string | null };
    graphql.push(...page.items.map((p) => p.id));
    after = page.nextCursor;
  } while (after);
  const rest: string[] = [];
  let cursor: string | null = null;
  do {
    const res = await api(`/v1/feed?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, {
      token: user.token,
    });
    const page = (await res.json()) as { items: { id: string }[]; nextCursor: string | null };
    rest.push(...page.items.map((p) => p.id));
    cursor = page.nextCursor;
  } while (cursor);
  return { graphql, rest };
}

describe("post visibility: GraphQL agrees with REST for every viewer", () => {
  it("public / followers / private × self / follower / stranger / no token", async () => {
    const [author, follower, stranger] = [await newUser(), await newUser(), await newUser()];
    expect((await api(`/v1/follows/${author.id}`, { method: "POST", token: follower.token })).status).toBe(200);
    const posts: Record<string, string> = {};
    for (const visibility of VISIBILITIES) {
      const res = await api("/v1/posts", {
        method: "POST",
        token: author.token,
        json: { body: `${visibility} 글 — a ${visibility} post`, visibility },
      });
      posts[visibility] = ((await res.json()) as { id: string }).id;
    }
    const sees = { self: ["public", "followers", "private"], follower: ["public", "followers"], stranger: ["public"] };
    const viewers = { self: author, follower, stranger };
    for (const [who, viewer] of Object.entries(viewers)) {
      const visible = sees[who as keyof typeof sees];
      for (const visibility of VISIBILITIES) {
        const id = posts[visibility]!;
        const label = `${visibility} post read by ${who}`;
        const restStatus = (await api(`/v1/posts/${id}`, { token: viewer.token })).status;
        const body = await gql(viewer, `query($id: ID!) { post(id: $id) { id body } }`, { id });
        if (visible.includes(visibility)) {
          expect(restStatus, label).toBe(200);
          expect(body.errors, label).toBeUndefined();
          expect((body.data!.post as { id: string }).id, label).toBe(id);
        } else {
          expect(restStatus, label).toBe(404);
          expect(
            body.errors?.map((e) => e.extensions?.code),
            label,
          ).toEqual(["NOT_FOUND"]);
          expect(JSON.stringify(body), label).not.toContain(`${visibility} 글`);
        }
      }
      // both feeds hold the same of these posts, and never one the viewer may not read
      const feed = await feeds(viewer);
      for (const visibility of VISIBILITIES) {
        const id = posts[visibility]!;
        const inRest = feed.rest.includes(id);
        expect(feed.graphql.includes(id), `${visibility} post in ${who}'s GraphQL feed`).toBe(inRest);
        if (!visible.includes(visibility)) expect(inRest, `${visibility} post in ${who}'s feed`).toBe(false);
      }
    }
    for (const visibility of VISIBILITIES) {
      const res = await api("/graphql", {
        method: "POST",
        json: { query: `query($id: ID!) { post(id: $id) { id } }`, variables: { id: posts[visibility] } },
      });
      await expectProblem(res, 401);
    }
  });
});
