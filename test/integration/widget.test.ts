import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../workers/index";
import { api, BASE } from "../helpers/api";

type WidgetConfig = { apiBase: string; allowedOrigins: string[] };

function configIn(script: string): WidgetConfig {
  const match = /^const EDGE_COACH_CONFIG = (.+);$/m.exec(script);
  if (!match) throw new Error(`no EDGE_COACH_CONFIG in ${script.slice(0, 200)}`);
  return JSON.parse(match[1]!) as WidgetConfig;
}

describe("GET /widget.js", () => {
  it("is public JavaScript with a short cache lifetime", async () => {
    const res = await api("/widget.js");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/^application\/javascript/);
    const maxAge = Number(/max-age=(\d+)/.exec(res.headers.get("Cache-Control") ?? "")?.[1]);
    expect(maxAge).toBeGreaterThan(0);
    expect(maxAge).toBeLessThanOrEqual(3600);
  });

  it("names the request's origin as the API base and allows every origin by default", async () => {
    const config = configIn(await (await api("/widget.js")).text());
    expect(config).toEqual({ apiBase: BASE, allowedOrigins: ["*"] });
  });

  it("carries the exact origins WIDGET_ALLOWED_ORIGINS lists", async () => {
    const partnerEnv = { ...env, WIDGET_ALLOWED_ORIGINS: " https://partner.example, https://shop.example:8443 ," };
    const res = await worker.fetch(
      new Request("https://coach.example/widget.js"),
      partnerEnv,
      createExecutionContext(),
    );
    expect(configIn(await res.text())).toEqual({
      apiBase: "https://coach.example",
      allowedOrigins: ["https://partner.example", "https://shop.example:8443"],
    });
  });

  it("is one classic script: every part and the styles inside a single IIFE", async () => {
    const script = await (await api("/widget.js")).text();
    expect(script).toMatch(/^\/\*! Edge Coach widget \*\/\n\(function \(\) \{\n"use strict";\n/);
    expect(script.trimEnd().endsWith("})();")).toBe(true);
    expect(script).not.toMatch(/^\s*(import|export)\s/m);
    expect(script).toContain("attachShadow");
    expect(script).toMatch(/const EDGE_COACH_STYLES = ".*:host\{all: ?initial !important;?\}/);
  });

  it("answers HEAD with the headers and no body", async () => {
    const res = await api("/widget.js", { method: "HEAD" });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/^application\/javascript/);
    expect(await res.text()).toBe("");
  });

  it("is documented in /openapi.json as a public JavaScript resource", async () => {
    const doc = (await (await api("/openapi.json")).json()) as {
      paths: Record<string, { get?: { security?: unknown[]; responses: Record<string, { content?: object }> } }>;
    };
    const op = doc.paths["/widget.js"]?.get;
    expect(op?.security).toEqual([]);
    expect(Object.keys(op?.responses["200"]?.content ?? {})).toEqual(["application/javascript"]);
  });
});
