/**
 * Headers the API worker sets on requests it forwards to an actor, after verifying the token.
 * Actors are reachable only through their bindings, so these are never client-controlled.
 */

/** The verified caller's user id; the job and coach-session actors answer 404 to anyone but the owner. */
export const USER_HEADER = "X-Edge-Coach-User";

/** The forwarded request's id (its X-Request-Id), so what the actor logs joins the request's own log row. */
export const REQUEST_ID_HEADER = "X-Edge-Coach-Request-Id";

/** An authenticated live-channel upgrade: the WebSocket subprotocol chosen and the replay starting point. */
export const UPGRADE_HEADERS = { protocol: "X-Edge-Coach-Protocol", since: "X-Edge-Coach-Since" } as const;

/**
 * On a response that used a metered Free limit near its end (4 of 5 label comparisons):
 * `label_comparisons; used=4; limit=5; resets=2026-12-06T00:00:00.000Z`. CORS exposes it to pages.
 */
export const LIMIT_HEADER = "X-Edge-Coach-Limit";
