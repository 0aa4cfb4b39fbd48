import type { Context } from "hono";
import { UpgradeRequiredError, ValidationError } from "../errors";

export const SUBPROTOCOL = "edge-coach.v1";
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

// RFC 6455 §4.1: the key is 16 random bytes in base64, so always 22 characters and "==".
const HANDSHAKE_KEY = /^[A-Za-z0-9+/]{22}==$/;

/**
 * Checks a WebSocket opening handshake before it reaches an actor. Without a valid key the runtime
 * cannot complete the 101 and answers a bare 400 `text/plain` of its own, so the route refuses first
 * with problem+json naming the header.
 */
export function assertWebSocketHandshake(c: Context, route: string): void {
  if (c.req.header("Upgrade")?.toLowerCase() !== "websocket")
    throw new UpgradeRequiredError(`${route} needs \`Upgrade: websocket\``);
  const key = c.req.header("Sec-WebSocket-Key");
  if (!key || !HANDSHAKE_KEY.test(key))
    throw new ValidationError("a WebSocket handshake needs a Sec-WebSocket-Key of 16 base64-encoded bytes", [
      { path: "Sec-WebSocket-Key", message: key ? "malformed" : "missing" },
    ]);
  const version = c.req.header("Sec-WebSocket-Version");
  if (version !== undefined && version !== "13")
    throw new ValidationError("only WebSocket version 13 is spoken here", [
      { path: "Sec-WebSocket-Version", message: "must be 13" },
    ]);
}

/**
 * The subprotocol to answer with: a client that offers any must get one of them back or it drops the
 * socket (browsers and `ws` both do), and clients that authenticate by offering `edge-coach.v1, <token>`
 * must never see the token echoed.
 */
export function chosenSubprotocol(c: Context): string | undefined {
  const offered = (c.req.header("Sec-WebSocket-Protocol") ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  return offered.includes(SUBPROTOCOL) ? SUBPROTOCOL : offered.find((p) => !JWT_SHAPE.test(p));
}
