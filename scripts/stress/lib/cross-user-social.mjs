// Cross-user matrix entries for posts, reactions, comments, follows and the feed (#19); cross-user.mjs explains the kinds. Pure module.
import { foreign, mine } from "./cross-user-kinds.mjs";

// A shares nothing publicly here: a public post would rightly reach B's feed ("popular public posts")
// and the matrix would read it as a leak. A's private post and A's comment on it must never reach B:
// B naming the post gets 404 on every route, and B's feed holds neither A's marker nor A's ids.
// Followers-only posts are covered by test/integration/social-visibility.test.ts.
const privatePost = (a) => ({ id: a.privatePost });
/** Someone neither A nor B is: B following A would rightly bring A's followers-only posts to B. */
const someone = () => ({ userId: "matrix-someone" });
const label = () => ({ key: "interest", value: "매트릭스 matrix" });

/** Per-user resources of this part, in the shape of cross-user.mjs's RESOURCES. */
export const SOCIAL_RESOURCES = [
  {
    name: "posts, reactions, comments and follows",
    // two calls and three controls: A's calls share one per-user rate limit (40 a minute in the tests)
    async create(as, m) {
      const { id } = await as("POST", "/v1/posts", { json: { body: `${m} 나만 보는 글`, visibility: "private" } });
      await as("POST", `/v1/posts/${id}/comments`, { json: { body: `${m} 내 댓글` } });
      return { privatePost: id };
    },
    operations: {
      "POST /v1/posts": mine({ json: { body: "B의 글 — B's own post", visibility: "private" } }),
      "GET /v1/posts/{id}": foreign(privatePost, { control: (a) => [a.marker] }),
      "DELETE /v1/posts/{id}": foreign(privatePost),
      "POST /v1/posts/{id}/reactions": foreign(privatePost, { json: { type: "like" } }),
      "DELETE /v1/posts/{id}/reactions/{type}": foreign((a) => ({ id: a.privatePost, type: "cheer" })),
      "POST /v1/posts/{id}/comments": foreign(privatePost, { json: { body: "B's comment 댓글" } }),
      "GET /v1/posts/{id}/comments": foreign(privatePost, { control: (a) => [a.marker] }),
      "GET /v1/feed": mine({ control: (a) => [a.marker, a.privatePost] }),
      "POST /v1/follows/{userId}": mine({ params: someone }),
      "DELETE /v1/follows/{userId}": mine({ params: someone }),
      "POST /v1/follows/labels/{key}/{value}": mine({ params: label }),
      "DELETE /v1/follows/labels/{key}/{value}": mine({ params: label }),
    },
  },
];

/** Operations of this part that hold no per-user data, with the reason. */
export const SOCIAL_SHARED = {};
