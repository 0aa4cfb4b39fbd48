// The Worker as `wrangler deploy` ships it: ENVIRONMENT=production (wrangler.toml [vars], and the
// schema's default when it is unset). The test project runs with ENVIRONMENT=test, so each case hands
// the real fetch handler a copy of the bindings with the production configuration instead.
import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, inject, it, vi } from "vitest";
import worker from "../../workers/index";
import { DEV_JWT_SECRET } from "../../schemas/config";
import { BASE, expectProblem, signToken, uniqueId } from "../helpers/api";

const SECRET = "a-production-secret-that-is-only-in-this-test";

/** The test bindings without any identity configuration, as production with `overrides`. */
function productionEnv(overrides: Record<string, string> = {}): typeof env {
  const {
    ENVIRONMENT: _test,
    JWT_SECRET: _secret,
    JWKS_URL: _jwks,
    ...bindings
  } = env as unknown as Record<string, unknown>;
  return { ...bindings, ENVIRONMENT: "production", ...overrides } as unknown as typeof env;
}

type Init = { method?: string; headers?: Record<string, string>; body?: string; token?: string };
let ip = 0;
/** The Worker's real fetch handler (all middleware) on `target`, from an address no other test uses. */
async function call(target: typeof env, path: string, init: Init = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set("Authorization", `Bearer ${init.token}`);
  headers.set("CF-Connecting-IP", `203.0.113.${++ip % 250}`);
  return worker.fetch(
    new Request(BASE + path, { method: init.method, body: init.body, headers }),
    target,
    createExecutionContext(),
  );
}

const tokenRequest = (body: unknown): Init => ({
  method: "POST",
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify(body),
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe("a production deploy with JWT_SECRET", () => {
  const prod = productionEnv({ JWT_SECRET: SECRET });

  it("has no token route: POST /v1/auth/token answers 404 problem+json", async () => {
    const body = await expectProblem(await call(prod, "/v1/auth/token", tokenRequest({ userId: uniqueId() })), 404);
    expect(body.type).toMatch(/not-found$/);
  });

  it("answers 404 before validating the body, so the route cannot be told from a missing one", async () => {
    await expectProblem(await call(prod, "/v1/auth/token", tokenRequest({ userId: "not a valid id" })), 404);
  });

  it("refuses a token signed with the development secret (401)", async () => {
    const token = await signToken({}, DEV_JWT_SECRET);
    const body = await expectProblem(await call(prod, "/v1/me", { token }), 401);
    expect(body.type).toMatch(/unauthorized$/);
  });

  it("accepts a token signed with its own secret", async () => {
    const token = await signToken({}, SECRET);
    expect((await call(prod, "/v1/me", { token })).status).toBe(200);
  });
});

describe("a production deploy with only JWKS_URL", () => {
  it("refuses an HS256 token signed with the development secret (401)", async () => {
    const prod = productionEnv({ JWKS_URL: `${inject("vendorUrl")}/.well-known/jwks.json` });
    const token = await signToken({}, DEV_JWT_SECRET);
    await expectProblem(await call(prod, "/v1/me", { token }), 401);
  });

  it("still has no token route", async () => {
    const prod = productionEnv({ JWKS_URL: `${inject("vendorUrl")}/.well-known/jwks.json` });
    await expectProblem(await call(prod, "/v1/auth/token", tokenRequest({ userId: uniqueId() })), 404);
  });
});

describe("a production deploy without JWT_SECRET or JWKS_URL", () => {
  it.each(["/v1/auth/token", "/v1/me", "/readyz", "/openapi.json"])(
    "refuses %s with 503 problem+json naming the missing secret",
    async (path) => {
      vi.spyOn(console, "error").mockImplementation(() => {});
      const init: Init = path === "/v1/auth/token" ? tokenRequest({ userId: uniqueId() }) : {};
      const body = await expectProblem(await call(productionEnv(), path, init), 503);
      expect(body.type).toMatch(/misconfigured$/);
      expect(body.detail).toContain("JWT_SECRET");
      expect(body.detail).toContain("JWKS_URL");
    },
  );

  it("refuses a token signed with the development secret with 503, not 200", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const token = await signToken({}, DEV_JWT_SECRET);
    await expectProblem(await call(productionEnv(), "/v1/me", { token }), 503);
  });

  it("logs one error line naming the missing secret, not one per request", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const prod = productionEnv();
    await call(prod, "/v1/me");
    await call(prod, "/readyz");
    expect(errors).toHaveBeenCalledTimes(1);
    const line = JSON.parse(String(errors.mock.calls[0]?.[0])) as { level: string; missing?: string[] };
    expect(line.level).toBe("error");
    expect(line.missing).toEqual(["JWT_SECRET", "JWKS_URL"]);
  });

  it("is what a Worker with no ENVIRONMENT at all does (the schema's default is production)", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const { ENVIRONMENT: _production, ...unset } = productionEnv() as unknown as Record<string, unknown>;
    await expectProblem(await call(unset as unknown as typeof env, "/v1/me"), 503);
  });
});

describe("a production deploy with the development secret as JWT_SECRET", () => {
  it("refuses to serve (503): the development secret is public", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const body = await expectProblem(
      await call(productionEnv({ JWT_SECRET: DEV_JWT_SECRET }), "/v1/auth/token", tokenRequest({ userId: "x1" })),
      503,
    );
    expect(body.detail).toContain("development secret");
  });
});

describe("a production deploy and the fault hooks", () => {
  it("refuses to serve (503) with FAULT_QUEUE_FAILURE_RATE above 0", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const prod = productionEnv({ JWT_SECRET: SECRET, FAULT_QUEUE_FAILURE_RATE: "0.1" });
    const body = await expectProblem(await call(prod, "/readyz"), 503);
    expect(body.detail).toContain("FAULT_QUEUE_FAILURE_RATE");
  });

  it("serves with FAULT_QUEUE_FAILURE_RATE=0", async () => {
    const prod = productionEnv({ JWT_SECRET: SECRET, FAULT_QUEUE_FAILURE_RATE: "0" });
    expect((await call(prod, "/v1/me", { token: await signToken({}, SECRET) })).status).toBe(200);
  });

  it.each([
    ["POST", "/v1/admin/faults/evict", { userId: "someone" }],
    ["POST", "/v1/admin/faults/poison", { count: 1 }],
    ["GET", "/v1/admin/faults", undefined],
  ])("has no %s %s: 404 problem+json even for an administrator", async (method, path, body) => {
    const prod = productionEnv({ JWT_SECRET: SECRET });
    const token = await signToken({ role: "admin" }, SECRET);
    const init: Init = body ? { ...tokenRequest(body), method, token } : { method, token };
    const problem = await expectProblem(await call(prod, path, init), 404);
    expect(problem.type).toMatch(/not-found$/);
  });
});
