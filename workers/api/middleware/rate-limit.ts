import type { MiddlewareHandler } from "hono";
import { RateLimitedError } from "../../errors";
import type { AppBindings } from "../types";

// The Rate Limiting binding counts in fixed windows of this many seconds (see wrangler.toml).
const WINDOW_SECONDS = 60;

/** Per-IP limit before authentication and per-user limit after it; both 429 with Retry-After. */
export function rateLimit(scope: "ip" | "user"): MiddlewareHandler<AppBindings> {
  return async function rateLimit(c, next) {
    if (!c.get("config").RATE_LIMIT_ENABLED) return next();
    const key = scope === "ip" ? (c.req.header("CF-Connecting-IP") ?? "unknown") : c.get("user")?.id;
    if (key) {
      const limiter = scope === "ip" ? c.env.IP_RATE_LIMITER : c.env.USER_RATE_LIMITER;
      const { success } = await limiter.limit({ key: `${scope}:${key}` });
      if (!success) throw new RateLimitedError(`too many requests from this ${scope}; slow down`, WINDOW_SECONDS);
    }
    await next();
  };
}
