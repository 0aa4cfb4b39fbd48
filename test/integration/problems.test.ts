import { describe, expect, it } from "vitest";
import { api, expectProblem, newUser, uniqueId } from "../helpers/api";

const TOKEN_ROUTE = "/v1/auth/token";

describe("bad input becomes problem+json, never a 500", () => {
  it("answers 400 for malformed JSON", async () => {
    const res = await api(TOKEN_ROUTE, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: '{"userId": "a",',
    });
    const body = await expectProblem(res, 400);
    expect(body.detail).toMatch(/not valid JSON/);
  });

  it("answers 400 with one entry per field for wrong types", async () => {
    const body = await expectProblem(
      await api(TOKEN_ROUTE, { method: "POST", json: { userId: 42, role: "root" } }),
      400,
    );
    expect(body.errors?.map((e) => e.path).sort()).toEqual(["role", "userId"]);
  });

  it("answers 400 for unknown fields on strict bodies", async () => {
    const body = await expectProblem(
      await api(TOKEN_ROUTE, { method: "POST", json: { userId: "x", isAdmin: true } }),
      400,
    );
    expect(body.errors?.[0]?.message).toMatch(/isAdmin/);
  });

  it("answers 400 when the body is missing", async () => {
    await expectProblem(await api(TOKEN_ROUTE, { method: "POST" }), 400);
  });

  it("answers 415 when the body is not JSON", async () => {
    const res = await api(TOKEN_ROUTE, { method: "POST", headers: { "Content-Type": "text/plain" }, body: "userId=x" });
    expect((await expectProblem(res, 415)).detail).toMatch(/application\/json/);
  });

  it("answers 400 for a query parameter of the wrong type", async () => {
    const { token } = await newUser();
    const body = await expectProblem(await api("/v1/stream/replay?since=yesterday", { token }), 400);
    expect(body.errors?.[0]?.path).toBe("since");
  });

  it("answers 413 for a body over the configured limit", async () => {
    const { token } = await newUser();
    const huge = { title: "x", body: "가".repeat(600_000) };
    const body = await expectProblem(await api("/v1/stream/test", { method: "POST", token, json: huge }), 413);
    expect(body.type).toMatch(/payload-too-large$/);
  });

  it("counts validation limits in characters, so Korean text gets the same room as English", async () => {
    const { token } = await newUser();
    const ok = await api("/v1/stream/test", { method: "POST", token, json: { title: "가".repeat(200) } });
    expect(ok.status).toBe(202);
    await expectProblem(
      await api("/v1/stream/test", { method: "POST", token, json: { title: "가".repeat(201) } }),
      400,
    );
  });

  it("answers 404 problem+json for an unknown route", async () => {
    const { token } = await newUser();
    const body = await expectProblem(await api("/v1/no-such-thing", { token }), 404);
    expect(body.detail).toMatch(/no-such-thing/);
  });

  it("carries the request id into the problem and the response header", async () => {
    const res = await api(TOKEN_ROUTE, { method: "POST", json: {}, headers: { "X-Request-Id": "req-12345678" } });
    expect(res.headers.get("X-Request-Id")).toBe("req-12345678");
    expect(((await res.json()) as { requestId: string }).requestId).toBe("req-12345678");
  });
});

describe("rate limits", () => {
  it("answers 429 with Retry-After once a user exceeds the per-user limit", async () => {
    const { token } = await newUser();
    let limited: Response | undefined;
    for (let i = 0; i < 60 && !limited; i++) {
      const res = await api("/v1/me", { token, headers: { "CF-Connecting-IP": `203.0.113.${i}` } });
      if (res.status === 429) limited = res;
      else expect(res.status).toBe(200);
    }
    expect(limited, "the per-user limit (40/min in tests) was never reached").toBeDefined();
    const body = await expectProblem(limited!, 429);
    expect(body.type).toMatch(/rate-limited$/);
    expect(Number(limited!.headers.get("Retry-After"))).toBeGreaterThan(0);
  });

  it("limits one user without affecting another", async () => {
    const a = await newUser();
    const b = await newUser();
    for (let i = 0; i < 45; i++)
      await api("/v1/me", { token: a.token, headers: { "CF-Connecting-IP": `192.0.2.${i}` } });
    expect((await api("/v1/me", { token: b.token, headers: { "CF-Connecting-IP": "192.0.2.250" } })).status).toBe(200);
  });

  it("limits by IP before authentication", async () => {
    const ip = `2001:db8::${uniqueId().slice(-4)}`;
    let status = 0;
    for (let i = 0; i < 400 && status !== 429; i++) {
      status = (await api("/v1/me", { headers: { "CF-Connecting-IP": ip } })).status;
    }
    expect(status).toBe(429);
  });
});

describe("CORS", () => {
  it("allows configured origins and the widget's partner origins, and no others", async () => {
    const { createExecutionContext } = await import("cloudflare:test");
    const { env } = await import("cloudflare:workers");
    const worker = (await import("../../workers/index")).default;
    const cfg = {
      ...env,
      CORS_ORIGINS: "https://app.example.com",
      WIDGET_ALLOWED_ORIGINS: "https://partner.example.com",
    };
    const preflight = (origin: string) =>
      worker.fetch(
        new Request("http://x/v1/me", {
          method: "OPTIONS",
          headers: { Origin: origin, "Access-Control-Request-Method": "GET" },
        }),
        cfg,
        createExecutionContext(),
      );
    expect((await preflight("https://app.example.com")).headers.get("Access-Control-Allow-Origin")).toBe(
      "https://app.example.com",
    );
    expect((await preflight("https://partner.example.com")).headers.get("Access-Control-Allow-Origin")).toBe(
      "https://partner.example.com",
    );
    expect((await preflight("https://evil.example.com")).headers.get("Access-Control-Allow-Origin")).toBeNull();
  });
});
