import { createRouter } from "./types";

/** Routes of communities, members, community posts, challenges and leaderboards (API.md "Social and communities"). */
export const communityRoutes = createRouter();
