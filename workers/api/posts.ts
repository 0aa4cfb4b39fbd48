import { createRouter } from "./types";

/** Routes of posts, reactions, comments, follows and the feed (API.md "Social and communities"). */
export const postRoutes = createRouter();
