// Cross-user matrix entries for communities, members, community posts and challenges (#19); cross-user.mjs explains the kinds. Pure module.
import { admin, foreign, mine } from "./cross-user-kinds.mjs";

/** Per-user resources of this part, in the shape of cross-user.mjs's RESOURCES. */
export const COMMUNITY_RESOURCES = [];

/** Operations of this part that hold no per-user data, with the reason. */
export const COMMUNITY_SHARED = {};
