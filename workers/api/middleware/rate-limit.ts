import type { MiddlewareHandler } from "hono";
import { RateLimitedError } from "../../errors";
import { RATE_LIMITS, createRateLimiter } from "../../ports/ratelimit";
import type { AppBindings } from "../types";

/** Per-IP limit before authentication and per-user limit after it; both 429 with Retry-After. */
export function rateLimit(scope: "ip" | "user"): MiddlewareHandler<AppBindings> {
  return async function rateLimit(c, next) {
    const config = c.get("config");
    if (!config.RATE_LIMIT_ENABLED) return next();
    const key = scope === "ip" ? (c.req.header("CF-Connecting-IP") ?? "unknown") : c.get("user")?.id;
    if (key) {
      const { success, retryAfterSeconds } = await createRateLimiter(c.env, config, scope).limit(`${scope}:${key}`);
      if (!success) {
        throw new RateLimitedError(
          `too many requests from this ${scope}; slow down`,
          retryAfterSeconds ?? RATE_LIMITS[scope].windowSeconds,
        );
      }
    }
    await next();
  };
}
