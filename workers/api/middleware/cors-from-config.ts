import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import type { AppBindings } from "../types";
import { LIMIT_HEADER } from "../../../schemas/headers";

const origins = (raw: string) =>
  raw
    .split(",")
    .map((o) => o.trim())
    .filter(Boolean);

/**
 * CORS with origins from `CORS_ORIGINS` ("*" or a comma-separated list of exact origins). Partner
 * sites allowed to embed the widget (`WIDGET_ALLOWED_ORIGINS`) are allowed too, since the widget
 * calls the API from their pages: one list to maintain per partner, not two.
 */
export function corsFromConfig(): MiddlewareHandler<AppBindings> {
  return async function corsFromConfig(c, next) {
    const config = c.get("config");
    const raw = config.CORS_ORIGINS.trim();
    const allowed = [...origins(raw), ...origins(config.WIDGET_ALLOWED_ORIGINS).filter((o) => o !== "*")];
    const handler = cors({
      origin: raw === "*" ? "*" : (origin) => (allowed.includes(origin) ? origin : null),
      allowHeaders: ["Authorization", "Content-Type", "Idempotency-Key", "X-Request-Id", "Last-Event-ID"],
      allowMethods: ["GET", "POST", "PUT", "DELETE", "OPTIONS"],
      exposeHeaders: ["X-Request-Id", "Retry-After", LIMIT_HEADER],
      maxAge: 600,
    });
    return handler(c, next);
  };
}
