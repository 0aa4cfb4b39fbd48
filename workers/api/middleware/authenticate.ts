import type { MiddlewareHandler } from "hono";
import { UnauthorizedError } from "../../errors";
import { verifyToken } from "../../ports/identity/jwt";
import type { AppBindings } from "../types";

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * Where the token is: the Authorization header; for WebSocket upgrades, which browsers cannot
 * give headers, `?token=` or a `Sec-WebSocket-Protocol` entry shaped like a JWT.
 */
export function tokenFrom(req: {
  header(name: string): string | undefined;
  query(name: string): string | undefined;
}): string | undefined {
  const header = req.header("Authorization");
  if (header) {
    const [scheme, value] = header.split(/\s+/, 2);
    return scheme?.toLowerCase() === "bearer" ? value : undefined;
  }
  if (req.header("Upgrade")?.toLowerCase() !== "websocket") return undefined;
  const fromQuery = req.query("token");
  if (fromQuery) return fromQuery;
  return req
    .header("Sec-WebSocket-Protocol")
    ?.split(",")
    .map((p) => p.trim())
    .find((p) => JWT_SHAPE.test(p));
}

/** Verifies the bearer token on every path except `publicPaths`, and sets `user`. */
export function authenticate(publicPaths: ReadonlySet<string>): MiddlewareHandler<AppBindings> {
  return async function authenticate(c, next) {
    if (publicPaths.has(c.req.path) || c.req.method === "OPTIONS") return next();
    const token = tokenFrom(c.req);
    if (!token) throw new UnauthorizedError("send `Authorization: Bearer <token>`");
    c.set("user", await verifyToken(token, c.get("config")));
    await next();
  };
}
