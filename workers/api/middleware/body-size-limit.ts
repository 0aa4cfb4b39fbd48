import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { PayloadTooLargeError } from "../../errors";
import type { AppBindings } from "../types";

/** Refuses bodies over `MAX_BODY_BYTES`, by Content-Length or while streaming a chunked body. */
export function bodySizeLimit(): MiddlewareHandler<AppBindings> {
  return async function bodySizeLimit(c, next) {
    const maxSize = c.get("config").MAX_BODY_BYTES;
    const limiter = bodyLimit({
      maxSize,
      onError: () => {
        throw new PayloadTooLargeError(`the request body exceeds ${maxSize} bytes`);
      },
    });
    return limiter(c, next);
  };
}
