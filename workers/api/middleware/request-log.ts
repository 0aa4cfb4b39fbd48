import type { Context, MiddlewareHandler } from "hono";
import { createBus } from "../../ports/bus";
import { logRejection } from "../../log";
import type { AppBindings } from "../types";

// A stream's first tokens are on their way right after its head: its log message waits this long
// so that sending it does not compete with them.
const STREAM_LOG_DELAY_MS = 200;

/**
 * Logs the requests `wanted` picks to D1 (and the Postgres archive, when configured) through the queue,
 * never on the response path. Streaming answers are logged again by their actor when they finish, with
 * provider and tokens.
 */
export function requestLog(
  route: string,
  wanted: (c: Context<AppBindings>) => boolean = () => true,
): MiddlewareHandler<AppBindings> {
  return async function requestLog(c, next) {
    const started = Date.now();
    await next();
    if (!wanted(c)) return;
    const message = {
      kind: "request.log" as const,
      id: c.get("requestId"),
      // the erasure has started: a row naming the person would land after it ran
      userId: c.get("erasedCaller") ? null : (c.get("user")?.id ?? null),
      route: `${route} ${c.req.routePath}`,
      method: c.req.method,
      status: c.res.status,
      latencyMs: Date.now() - started,
      provider: c.res.headers.get("X-LLM-Provider"),
      model: c.res.headers.get("X-LLM-Model"),
      tokens: null,
      at: started,
    };
    const streaming = c.res.headers.get("Content-Type")?.startsWith("text/event-stream") ?? false;
    c.executionCtx.waitUntil(
      (streaming ? scheduler.wait(STREAM_LOG_DELAY_MS) : Promise.resolve())
        .then(() => createBus(c.env).send(message))
        .catch(logRejection("request log not queued", { requestId: message.id, route: message.route })),
    );
  };
}
