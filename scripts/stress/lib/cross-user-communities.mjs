// Cross-user matrix entries for communities, members, community posts and challenges (#19); cross-user.mjs explains the kinds. Pure module.
import { mine } from "./cross-user-kinds.mjs";

// Communities are shared spaces: every signed-in user may list and read them (a Pro-only one needs Pro).
// What belongs to one user is their role and their progress, so B reads A's community and must see its
// own role (null) and no progress of A's; A's ids are public here, so they are not scanned for.
const noRole = (body) => (JSON.parse(body).myRole !== null ? `B is shown a role in A's community: ${body}` : undefined);
const noProgress = (body) =>
  JSON.parse(body).items.some((c) => c.myProgress !== null)
    ? `B is shown progress in A's challenge: ${body}`
    : undefined;
const community = (a) => ({ id: a.community });
const roleGated =
  "role-gated action in a shared community: a caller without the role gets 403 (test/integration/communities.test.ts)";

/** Per-user resources of this part, in the shape of cross-user.mjs's RESOURCES. */
export const COMMUNITY_RESOURCES = [
  {
    name: "communities, challenges and community posts",
    async create(as) {
      // titles are public: A's private marker stays out of them
      const { id } = await as("POST", "/v1/communities", { json: { title: "Matrix 커뮤니티" } });
      const end = new Date(Date.now() + 7 * 86_400_000).toISOString();
      const challenge = await as("POST", `/v1/communities/${id}/challenges`, {
        json: {
          title: "Matrix 도전",
          metric: { kind: "exercise_days" },
          target: 3,
          startAt: new Date().toISOString(),
          endAt: end,
        },
      });
      const post = await as("POST", `/v1/communities/${id}/posts`, { json: { body: "Matrix 게시글" } });
      return { community: id, communityChallenge: challenge.id, communityPost: post.id };
    },
    operations: {
      "POST /v1/communities": mine({ json: { title: "B의 커뮤니티" } }),
      "GET /v1/communities": mine({ scanIds: false }),
      "GET /v1/communities/{id}": mine({ params: community, scanIds: false, check: noRole }),
      "GET /v1/communities/{id}/challenges": mine({ params: community, scanIds: false, check: noProgress }),
      "GET /v1/communities/{id}/challenges/{challengeId}/leaderboard": mine({
        params: (a) => ({ id: a.community, challengeId: a.communityChallenge }),
        scanIds: false,
      }),
      "GET /v1/communities/{id}/posts": mine({ params: community, scanIds: false }),
      // B joins and leaves A's community: B's own membership, A's role untouched
      "POST /v1/communities/{id}/join": mine({ params: community, scanIds: false }),
      "POST /v1/communities/{id}/leave": mine({ params: community, scanIds: false, check: noRole }),
    },
  },
];

/** Operations of this part that hold no per-user data, with the reason. */
export const COMMUNITY_SHARED = {
  "PUT /v1/communities/{id}/members/{userId}": { reason: roleGated },
  "POST /v1/communities/{id}/challenges": { reason: roleGated },
  "POST /v1/communities/{id}/posts": { reason: `${roleGated}: members only` },
  "DELETE /v1/communities/{id}/posts/{postId}": { reason: `${roleGated}: owners and moderators only` },
};
