// Cross-user matrix entries for communities, members, community posts and challenges (#19); cross-user.mjs explains the kinds. Pure module.
import { mine } from "./cross-user-kinds.mjs";

// Communities are shared spaces: every signed-in user may list and read them (a Pro-only one needs Pro),
// and a community shows its owner's id, as a community post shows its author's. What belongs to one user
// is their role and their progress: B reads A's challenges and must see no progress of A's, and A's ids are
// public here, so they are not scanned for. Roles, Pro gating, removed posts and private members on
// leaderboards are tested in test/integration/communities*.test.ts and challenges.test.ts.
const noProgress = (body) =>
  JSON.parse(body).items.some((c) => c.myProgress !== null)
    ? `B is shown progress in A's challenge: ${body}`
    : undefined;
const publicRead = (what) => ({
  reason: `${what} of a shared community, public to every signed-in user (it names its owner or authors, so A's id appears)`,
});
const roleGated = (who) => ({
  reason: `role-gated action in a shared community (${who}); others get 403 (test/integration/communities*.test.ts)`,
});

/** Per-user resources of this part, in the shape of cross-user.mjs's RESOURCES. */
export const COMMUNITY_RESOURCES = [
  {
    name: "communities and challenges",
    async create(as) {
      // titles are public: A's private marker stays out of them
      const { id } = await as("POST", "/v1/communities", { json: { title: "Matrix 커뮤니티" } });
      const challenge = await as("POST", `/v1/communities/${id}/challenges`, {
        json: {
          title: "Matrix 도전",
          metric: { kind: "exercise_days" },
          target: 3,
          startAt: new Date().toISOString(),
          endAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
        },
      });
      return { community: id, communityChallenge: challenge.id };
    },
    operations: {
      "POST /v1/communities": mine({ json: { title: "B의 커뮤니티" } }),
      "GET /v1/communities/{id}/challenges": mine({
        params: (a) => ({ id: a.community }),
        scanIds: false,
        check: noProgress,
      }),
      "GET /v1/communities/{id}/challenges/{challengeId}/leaderboard": mine({
        params: (a) => ({ id: a.community, challengeId: a.communityChallenge }),
        scanIds: false,
      }),
    },
  },
];

/** Operations of this part that hold no per-user data, with the reason. */
export const COMMUNITY_SHARED = {
  "GET /v1/communities": publicRead("the list of communities, each"),
  "GET /v1/communities/{id}": publicRead("the page"),
  "GET /v1/communities/{id}/posts": publicRead("the posts"),
  "POST /v1/communities/{id}/join": publicRead("joining (the caller's own membership), answered with the page"),
  "POST /v1/communities/{id}/leave": publicRead("leaving (the caller's own membership), answered with the page"),
  "PUT /v1/communities/{id}/members/{userId}": roleGated("owners and moderators"),
  "POST /v1/communities/{id}/challenges": roleGated("owners and moderators"),
  "POST /v1/communities/{id}/posts": roleGated("members"),
  "DELETE /v1/communities/{id}/posts/{postId}": roleGated("owners and moderators"),
};
