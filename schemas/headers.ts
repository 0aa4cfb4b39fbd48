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
