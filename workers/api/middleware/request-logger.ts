import type { MiddlewareHandler } from "hono";
import { log } from "../../log";
import type { AppBindings } from "../types";

/** One structured line per request with status and duration. */
export function requestLogger(): MiddlewareHandler<AppBindings> {
  return async function requestLogger(c, next) {
    const started = Date.now();
    await next();
    const status = c.res.status;
    log(c, status >= 500 ? "error" : "info", "request", {
      method: c.req.method,
      path: c.req.path,
      status,
      ms: Date.now() - started,
      userId: c.get("erasedCaller") ? undefined : c.get("user")?.id,
    });
  };
}
