import type { MiddlewareHandler } from "hono";
import { NotFoundError } from "../../errors";
import type { AppBindings } from "../types";

/**
 * Routes that exist only outside production (the development token issuer). In production they answer
 * exactly like a path with no route, before the body is validated, so a probe cannot tell them apart.
 */
export function developmentOnly(): MiddlewareHandler<AppBindings> {
  return async function developmentOnly(c, next) {
    if (c.get("config").ENVIRONMENT === "production") {
      throw new NotFoundError(`no route for ${c.req.method} ${new URL(c.req.url).pathname}`);
    }
    await next();
  };
}
