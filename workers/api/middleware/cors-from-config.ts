import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import type { AppBindings } from "../types";

/** CORS with origins from `CORS_ORIGINS` ("*" or a comma-separated list of exact origins). */
export function corsFromConfig(): MiddlewareHandler<AppBindings> {
  return async function corsFromConfig(c, next) {
    const raw = c.get("config").CORS_ORIGINS.trim();
    const allowed = raw
      .split(",")
      .map((o) => o.trim())
      .filter(Boolean);
    const handler = cors({
      origin: raw === "*" ? "*" : (origin) => (allowed.includes(origin) ? origin : null),
      allowHeaders: ["Authorization", "Content-Type", "Idempotency-Key", "X-Request-Id", "Last-Event-ID"],
      allowMethods: ["GET", "POST", "PUT", "DELETE", "OPTIONS"],
      exposeHeaders: ["X-Request-Id", "Retry-After"],
      maxAge: 600,
    });
    return handler(c, next);
  };
}
