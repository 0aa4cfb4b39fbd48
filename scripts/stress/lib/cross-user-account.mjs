// Cross-user matrix entries for billing, analytics reports, export and erasure (#20); cross-user.mjs explains the kinds. Pure module.
import { foreign, mine } from "./cross-user-kinds.mjs";

/** Per-user resources of this part, in the shape of cross-user.mjs's RESOURCES. */
export const ACCOUNT_RESOURCES = [];

/** Operations of this part that hold no per-user data, with the reason. */
export const ACCOUNT_SHARED = {};

void foreign;
void mine;
