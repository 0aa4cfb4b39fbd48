import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import worker from "../../workers/index";
import { SignJWT, importJWK } from "jose";
import { describe, expect, inject, it } from "vitest";
import { api, expectProblem, newUser, signToken, uniqueId, BASE } from "../helpers/api";

const ME = "/v1/me";

describe("POST /v1/auth/token", () => {
  it("issues a token that authenticates the user", async () => {
    const userId = uniqueId();
    const res = await api("/v1/auth/token", { method: "POST", json: { userId, email: "a@example.com" } });
    expect(res.status).toBe(200);
    const { token, expiresAt } = (await res.json()) as { token: string; expiresAt: string };
    expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now());
    const me = await api(ME, { token });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { userId: string }).userId).toBe(userId);
  });

  it("creates the user row in D1", async () => {
    const userId = uniqueId();
    await api("/v1/auth/token", { method: "POST", json: { userId, role: "admin" } });
    const row = await env.DB.prepare("SELECT id, role FROM users WHERE id = ?").bind(userId).first();
    expect(row).toEqual({ id: userId, role: "admin" });
  });

  it("rejects a user id with characters outside the id alphabet", async () => {
    const body = await expectProblem(await api("/v1/auth/token", { method: "POST", json: { userId: "a b/c" } }), 400);
    expect(body.errors?.[0]?.path).toBe("userId");
  });

  it("does not exist in production", async () => {
    const prodEnv = { ...env, ENVIRONMENT: "production", JWT_SECRET: "x".repeat(40) };
    const res = await worker.fetch(
      new Request(`${BASE}/v1/auth/token`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: '{"userId":"x"}',
      }),
      prodEnv,
      createExecutionContext(),
    );
    expect(res.status).toBe(404);
  });
});

describe("bearer token verification", () => {
  it("accepts a valid HS256 token", async () => {
    const { token } = await newUser();
    expect((await api(ME, { token })).status).toBe(200);
  });

  it.each([
    ["no Authorization header", async () => undefined],
    ["a token that is not a JWT", async () => "not-a-jwt"],
    ["alg none", async () => unsigned()],
    ["an expired token", async () => signToken({ exp: Math.floor(Date.now() / 1000) - 60 })],
    ["a token signed with another key", async () => signToken({}, "another-secret-that-is-long-enough-to-use")],
    ["the wrong audience", async () => signToken({ aud: "someone-else" })],
    ["the wrong issuer", async () => signToken({ iss: "evil" })],
    ["a token without a subject", async () => signToken({ sub: null as unknown as string })],
    ["a token issued ten years from now", async () => signToken({ iat: inYears(10), exp: inYears(10) + 3600 })],
    ["a token issued two minutes from now", async () => signToken({ iat: Math.floor(Date.now() / 1000) + 120 })],
    ["a token not valid for ten years", async () => signToken({ nbf: inYears(10), exp: inYears(10) + 3600 })],
  ])("answers 401 problem+json for %s", async (_, make) => {
    const token = await make();
    const res = await api(ME, { token });
    const body = await expectProblem(res, 401);
    expect(body.type).toMatch(/unauthorized$/);
    expect(res.headers.get("WWW-Authenticate")).toMatch(/^Bearer/);
  });

  it("refuses a token in ?token= on a route that is not a WebSocket, even when the request claims an upgrade", async () => {
    const { token } = await newUser();
    const res = await api(`${ME}?token=${token}`, { headers: { Upgrade: "websocket", Connection: "Upgrade" } });
    await expectProblem(res, 401);
  });

  it("forgives a clock a few seconds ahead of ours", async () => {
    const token = await signToken({ iat: Math.floor(Date.now() / 1000) + 20 });
    expect((await api(ME, { token })).status).toBe(200);
  });

  it("accepts an RS256 token verified through a JWKS URL", async () => {
    const vendor = inject("vendorUrl");
    const key = await importJWK(inject("vendorPrivateJwk"), "RS256");
    const sub = uniqueId();
    const token = await new SignJWT({ role: "user" })
      .setProtectedHeader({ alg: "RS256", kid: "test-key" })
      .setSubject(sub)
      .setIssuer("edge-coach")
      .setAudience("edge-coach-api")
      .setExpirationTime("5m")
      .sign(key);
    const jwksEnv = { ...env, JWKS_URL: `${vendor}/.well-known/jwks.json` };
    const call = (t: string) =>
      worker.fetch(
        new Request(`${BASE}${ME}`, { headers: { Authorization: `Bearer ${t}` } }),
        jwksEnv,
        createExecutionContext(),
      );
    const ok = await call(token);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { userId: string }).userId).toBe(sub);
    const tampered = token.slice(0, -4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
    expect((await call(tampered)).status).toBe(401);
  });

  it("refuses RS256 tokens when no JWKS URL is configured", async () => {
    const key = await importJWK(inject("vendorPrivateJwk"), "RS256");
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: "RS256" })
      .setSubject("x")
      .setIssuer("edge-coach")
      .setAudience("edge-coach-api")
      .setExpirationTime("5m")
      .sign(key);
    await expectProblem(await api(ME, { token }), 401);
  });

  it("stops accepting a token it has already accepted once the token expires", async () => {
    const exp = Math.floor(Date.now() / 1000) + 2;
    const token = await signToken({ exp });
    expect((await api(ME, { token })).status).toBe(200);
    while (Date.now() < exp * 1000 + 50) await new Promise((r) => setTimeout(r, 250));
    await expectProblem(await api(ME, { token }), 401);
  });

  it("does not accept a token it has accepted once the signing secret changes", async () => {
    const { token } = await newUser();
    const call = (e: typeof env) =>
      worker.fetch(
        new Request(`${BASE}${ME}`, { headers: { Authorization: `Bearer ${token}` } }),
        e,
        createExecutionContext(),
      );
    expect((await call(env)).status).toBe(200);
    const rotated = { ...env, JWT_SECRET: "a-rotated-secret-that-is-long-enough-to-use" } as typeof env;
    expect((await call(rotated)).status).toBe(401);
  });

  it("leaves public routes open", async () => {
    expect((await api("/healthz")).status).toBe(200);
  });
});

const inYears = (years: number) => Math.floor(Date.now() / 1000) + years * 365 * 86_400;

function unsigned(): string {
  const enc = (o: object) => btoa(JSON.stringify(o)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
  const now = Math.floor(Date.now() / 1000);
  return `${enc({ alg: "none", typ: "JWT" })}.${enc({ sub: "admin", role: "admin", iss: "edge-coach", aud: "edge-coach-api", exp: now + 600 })}.`;
}
