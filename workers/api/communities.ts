import { communityChallengeRoutes } from "./social/communities-challenges";
import { communityPostRoutes } from "./social/communities-posts";
import { communityCoreRoutes } from "./social/communities";
import { createRouter } from "./types";

/** Routes of communities, members, community posts, challenges and leaderboards (API.md "Social and communities"). */
export const communityRoutes = createRouter()
  .route("/", communityCoreRoutes)
  .route("/", communityPostRoutes)
  .route("/", communityChallengeRoutes);
