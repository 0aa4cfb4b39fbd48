import type { Context } from "hono";
import { UpgradeRequiredError, ValidationError } from "../errors";

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
