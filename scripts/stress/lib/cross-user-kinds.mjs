// The kinds of entry in the cross-user matrix (cross-user.mjs explains the matrix). Pure module.

/** B names A's resource: 404 problem+json. `control`: A's own call answers 2xx (safe, idempotent calls only). */
export const foreign = (params, opts = {}) => ({ kind: "foreign", params, ...opts });
/** B's own data: 2xx and nothing of A's in the body. `control(a)`: what A's own call must show. */
export const mine = (opts = {}) => ({ kind: "mine", ...opts });
/** Administrators only: a non-admin gets 403 problem+json. */
export const admin = (opts = {}) => ({ kind: "admin", ...opts });
