import type { MiddlewareHandler } from "hono";
import { UnauthorizedError } from "../../errors";
import { verifyToken } from "../../ports/identity/jwt";
import { assertTokenCurrent } from "../../services/token-epochs";
import type { AppBindings } from "../types";

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
/** The WebSocket routes (live.ts `/v1/stream`, coach.ts `/v1/coach/sessions/{id}/ws`). */
const SOCKET_ROUTE = /^\/v1\/(?:stream|coach\/sessions\/[^/]+\/ws)$/;

/**
 * Where the token is: the Authorization header; for a WebSocket route's upgrade, which browsers cannot
 * give headers, `?token=` or a `Sec-WebSocket-Protocol` entry shaped like a JWT. Any other route
 * refuses a token in the URL even when the request claims an upgrade: URLs end up in logs and history.
 */
export function tokenFrom(req: {
  path: string;
  method: string;
  header(name: string): string | undefined;
  query(name: string): string | undefined;
}): string | undefined {
  const header = req.header("Authorization");
  if (header) {
    const [scheme, value] = header.split(/\s+/, 2);
    return scheme?.toLowerCase() === "bearer" ? value : undefined;
  }
  if (req.method !== "GET" || !SOCKET_ROUTE.test(req.path)) return undefined;
  if (req.header("Upgrade")?.toLowerCase() !== "websocket") return undefined;
  const fromQuery = req.query("token");
  if (fromQuery) return fromQuery;
  return req
    .header("Sec-WebSocket-Protocol")
    ?.split(",")
    .map((p) => p.trim())
    .find((p) => JWT_SHAPE.test(p));
}

/** Verifies the bearer token on every path `isPublic` does not name, and sets `user`. */
export function authenticate(isPublic: (path: string) => boolean): MiddlewareHandler<AppBindings> {
  return async function authenticate(c, next) {
    if (isPublic(c.req.path) || c.req.method === "OPTIONS") return next();
    const token = tokenFrom(c.req);
    if (!token) throw new UnauthorizedError("send `Authorization: Bearer <token>`");
    const user = await verifyToken(token, c.get("config"));
    await assertTokenCurrent(c.env, user.id, user.issuedAt);
    c.set("user", user);
    await next();
  };
}
