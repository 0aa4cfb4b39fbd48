import type { MiddlewareHandler } from "hono";
import { configOf } from "../../env";
import { serverTiming } from "../server-timing";
import type { AppBindings } from "../types";

const VALID_ID = /^[A-Za-z0-9_.:-]{8,128}$/;

/**
 * Sets the request id (kept from `X-Request-Id` when well-formed) and the parsed config, and adds the
 * time the Worker spent on the request to `Server-Timing` as `app`.
 */
export function requestContext(): MiddlewareHandler<AppBindings> {
  return async function requestContext(c, next) {
    const started = performance.now();
    const incoming = c.req.header("X-Request-Id");
    const requestId = incoming && VALID_ID.test(incoming) ? incoming : crypto.randomUUID();
    c.set("requestId", requestId);
    c.header("X-Request-Id", requestId);
    c.set("config", configOf(c.env));
    await next();
    c.header("X-Request-Id", requestId);
    c.header("Server-Timing", serverTiming("app", performance.now() - started), { append: true });
  };
}
