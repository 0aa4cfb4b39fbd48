import { communityChallengeRoutes } from "./social/communities-challenges";
import { communityCoreRoutes } from "./social/communities";
import { createRouter } from "./types";

/** Routes of communities, members, community posts, challenges and leaderboards (API.md "Social and communities"). */
export const communityRoutes = createRouter().route("/", communityCoreRoutes).route("/", communityChallengeRoutes);
