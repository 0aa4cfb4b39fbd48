import type { MiddlewareHandler } from "hono";
import { ForbiddenError } from "../../errors";
import type { AppBindings } from "../types";

/** Admin-only routes: the verified token must carry `role: "admin"`. */
export function requireAdmin(): MiddlewareHandler<AppBindings> {
  return async function requireAdmin(c, next) {
    if (c.get("user")?.role !== "admin") throw new ForbiddenError("this route needs an administrator token");
    await next();
  };
}
