import { env, exports } from "cloudflare:workers";
import { SignJWT } from "jose";
import { DEV_JWT_SECRET } from "../../schemas/config";

export const BASE = "http://edge-coach.test";

let counter = 0;
/** A user id no other test uses, so actors, rate limits and rows never collide. */
export const uniqueId = (prefix = "u") =>
  `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}-${Math.random().toString(36).slice(2, 6)}`;

/** The user's actor, as the Worker addresses it (by the user id). */
export const actorOf = (userId: string) => env.USER_ACTOR.get(env.USER_ACTOR.idFromName(userId));

/** Calls the Worker's real fetch handler (all middleware, real bindings). */
export function api(path: string, init: RequestInit & { token?: string; json?: unknown } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set("Authorization", `Bearer ${init.token}`);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set("Content-Type", "application/json");
    body = JSON.stringify(init.json);
  }
  // every real WebSocket client sends a handshake key; tests of a missing key call the Worker directly
  if (headers.get("Upgrade")?.toLowerCase() === "websocket" && !headers.has("Sec-WebSocket-Key"))
    headers.set("Sec-WebSocket-Key", btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16)))));
  // a fresh documentation-range address per call keeps the per-IP limit out of unrelated tests
  if (!headers.has("CF-Connecting-IP"))
    headers.set("CF-Connecting-IP", `198.51.${(counter++ >> 8) & 255}.${counter & 255}`);
  return exports.default.fetch(new Request(BASE + path, { ...init, headers, body }));
}

export type Claims = {
  sub?: string;
  role?: string;
  iss?: string;
  aud?: string;
  exp?: number;
  iat?: number;
  nbf?: number;
};

/** Signs a token like the dev issuer does; override any claim or the secret to build bad ones. */
export async function signToken(claims: Claims = {}, secret = DEV_JWT_SECRET): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const payload = { role: claims.role ?? "user" };
  const jwt = new SignJWT(payload)
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(claims.iss ?? "edge-coach")
    .setAudience(claims.aud ?? "edge-coach-api")
    .setIssuedAt(claims.iat ?? now)
    .setExpirationTime(claims.exp ?? now + 3600);
  if (claims.nbf !== undefined) jwt.setNotBefore(claims.nbf);
  if (claims.sub !== null) jwt.setSubject(claims.sub ?? uniqueId());
  return jwt.sign(new TextEncoder().encode(secret));
}

/** A fresh user and a valid token for them. */
export async function newUser(role: "user" | "admin" = "user") {
  const id = uniqueId(role);
  return { id, token: await signToken({ sub: id, role }) };
}

export type ProblemBody = {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { path: string; message: string }[];
};

export async function expectProblem(res: Response, status: number): Promise<ProblemBody> {
  const text = await res.text();
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${text}`);
  if (!res.headers.get("Content-Type")?.startsWith("application/problem+json")) {
    throw new Error(`expected problem+json, got ${res.headers.get("Content-Type")}`);
  }
  const body = JSON.parse(text) as ProblemBody;
  if (body.status !== status || !body.title || !body.detail || !body.type)
    throw new Error(`incomplete problem: ${text}`);
  return body;
}
