import { describe, expect, it } from "vitest";
import { createApp } from "../../workers/app";
import { api } from "../helpers/api";

type Doc = { openapi: string; paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };

const toOpenApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, "{$1}");

describe("GET /openapi.json", () => {
  it("is an OpenAPI 3.1 document", async () => {
    const res = await api("/openapi.json");
    expect(res.status).toBe(200);
    expect(((await res.json()) as Doc).openapi).toBe("3.1.0");
  });

  it("documents every route the app serves", async () => {
    const doc = (await (await api("/openapi.json")).json()) as Doc;
    const served = createApp()
      .routes.filter((r) => r.method !== "ALL" && r.path !== "/openapi.json")
      .map((r) => `${r.method.toLowerCase()} ${toOpenApiPath(r.path)}`);
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`));
    expect(served.length).toBeGreaterThan(5);
    for (const route of served) expect(documented, `${route} is not in /openapi.json`).toContain(route);
  });

  it("documents the WebSocket live channel with its 101 response", async () => {
    const doc = (await (await api("/openapi.json")).json()) as Doc;
    expect(Object.keys(doc.paths["/v1/stream"]?.get?.responses ?? {})).toContain("101");
  });

  it("serves an interactive docs page at /docs", async () => {
    const res = await api("/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/text\/html/);
  });
});

describe("security in the OpenAPI document", () => {
  it("marks public routes as needing no token and the rest as bearer", async () => {
    const doc = (await (await api("/openapi.json")).json()) as {
      security: unknown;
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    expect(doc.security).toEqual([{ bearer: [] }]);
    for (const [path, method] of [
      ["/healthz", "get"],
      ["/readyz", "get"],
      ["/docs", "get"],
      ["/v1/auth/token", "post"],
    ] as const) {
      expect(doc.paths[path]?.[method]?.security, `${method} ${path}`).toEqual([]);
    }
    expect(doc.paths["/v1/me"]?.get?.security).toBeUndefined();
  });
});
