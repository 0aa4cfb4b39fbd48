// Cross-user matrix entries for the GraphQL gateway (POST/GET /graphql) (#19); cross-user.mjs explains the kinds. Pure module.
import { admin, foreign, mine } from "./cross-user-kinds.mjs";

/** Per-user resources of this part, in the shape of cross-user.mjs's RESOURCES. */
export const GRAPHQL_RESOURCES = [];

/** Operations of this part that hold no per-user data, with the reason. */
export const GRAPHQL_SHARED = {};
