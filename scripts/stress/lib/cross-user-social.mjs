// Cross-user matrix entries for posts, reactions, comments, follows and the feed (#19); cross-user.mjs explains the kinds. Pure module.
import { admin, foreign, mine } from "./cross-user-kinds.mjs";

/** Per-user resources of this part, in the shape of cross-user.mjs's RESOURCES. */
export const SOCIAL_RESOURCES = [];

/** Operations of this part that hold no per-user data, with the reason. */
export const SOCIAL_SHARED = {};
