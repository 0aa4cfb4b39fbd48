import { z } from "zod";
import { fromBase64Url, toBase64Url } from "./base64url";

/**
 * Signed, expiring links to a shared document: `base64url(payload) "." base64url(HMAC-SHA256(payload))`.
 * The payload names the report and the expiry (unix seconds) and nothing about its owner, so a link
 * passed around says no more than the document it opens. Verification is WebCrypto's own
 * `crypto.subtle.verify`, which compares in constant time.
 */
export const SharePayloadSchema = z.object({ r: z.string().min(1).max(100), e: z.number().int().positive() }).strict();
export type SharePayload = z.infer<typeof SharePayloadSchema>;

export type ShareCheck = { ok: true; payload: SharePayload } | { ok: false; reason: "invalid" | "expired" };

const encoder = new TextEncoder();

async function keyOf(secret: string, use: "sign" | "verify"): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [use]);
}

export async function signShareToken(secret: string, payload: SharePayload): Promise<string> {
  const body = toBase64Url(encoder.encode(JSON.stringify(SharePayloadSchema.parse(payload))));
  const signature = await crypto.subtle.sign("HMAC", await keyOf(secret, "sign"), encoder.encode(body));
  return `${body}.${toBase64Url(new Uint8Array(signature))}`;
}

/** The payload of a token this key signed and whose expiry is after `nowSeconds`; any changed byte is invalid. */
export async function verifyShareToken(secret: string, token: string, nowSeconds: number): Promise<ShareCheck> {
  const parts = token.split(".");
  if (parts.length !== 2) return { ok: false, reason: "invalid" };
  const [body, sig] = parts as [string, string];
  const signature = fromBase64Url(sig);
  // a re-encoding of the same bytes (other trailing bits) is a different token, so it is refused too
  if (!signature || signature.length !== 32 || toBase64Url(signature) !== sig) return { ok: false, reason: "invalid" };
  const valid = await crypto.subtle.verify("HMAC", await keyOf(secret, "verify"), signature, encoder.encode(body));
  if (!valid) return { ok: false, reason: "invalid" };
  let payload: SharePayload;
  try {
    payload = SharePayloadSchema.parse(JSON.parse(new TextDecoder().decode(fromBase64Url(body)!)));
  } catch {
    return { ok: false, reason: "invalid" };
  }
  return payload.e > nowSeconds ? { ok: true, payload } : { ok: false, reason: "expired" };
}
