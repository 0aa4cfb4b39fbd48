import type { MiddlewareHandler } from "hono";
import { IdempotencyKeySchema } from "../../../schemas/idempotency";
import { ConflictError, RuleViolationError, ValidationError } from "../../errors";
import type { AppBindings } from "../types";
import { sha256 } from "../../domain/hash";

const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * `Idempotency-Key` on authenticated writes: the first successful (2xx) response is kept for 24 h
 * in the user's actor and replayed for the same key, with `Idempotent-Replayed: true`. A failed
 * request releases the key, since it changed nothing and the client may fix it and retry. The same
 * key with a different request is a 422, and one still being processed is a 409.
 */
export function idempotency(): MiddlewareHandler<AppBindings> {
  return async function idempotency(c, next) {
    const header = c.req.header("Idempotency-Key");
    const user = c.get("user");
    if (header === undefined || !user || !WRITES.has(c.req.method)) return next();
    const key = IdempotencyKeySchema.safeParse(header);
    if (!key.success) {
      throw new ValidationError("the Idempotency-Key header is malformed", [
        { path: "Idempotency-Key", message: key.error.issues[0]?.message ?? "invalid" },
      ]);
    }
    const fingerprint = await sha256(`${c.req.method} ${c.req.path}\n${await c.req.raw.clone().text()}`);
    const actor = c.env.USER_ACTOR.get(c.env.USER_ACTOR.idFromName(user.id));
    const scopedKey = `${c.req.method} ${c.req.path} ${key.data}`;
    const begin = await actor.idempotencyBegin(scopedKey, fingerprint);
    if (begin.state === "mismatch")
      throw new RuleViolationError("this Idempotency-Key was already used with a different request");
    if (begin.state === "in-progress")
      throw new ConflictError("a request with this Idempotency-Key is still being processed; retry shortly");
    if (begin.state === "done") {
      return new Response(begin.response.body, {
        status: begin.response.status,
        headers: { "Content-Type": begin.response.contentType, "Idempotent-Replayed": "true" },
      });
    }
    // errors thrown downstream are already turned into responses by onError when next() returns
    await next();
    const res = c.res;
    const ok = res.status >= 200 && res.status < 300;
    const stored = ok
      ? {
          status: res.status,
          contentType: res.headers.get("Content-Type") ?? "application/json",
          body: await res.clone().text(),
        }
      : null;
    await actor.idempotencyComplete(scopedKey, stored);
  };
}
