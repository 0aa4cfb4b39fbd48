import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

describe("system routes", () => {
  it("healthz answers ok", async () => {
    const res = await exports.default.fetch("http://x/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it("readyz checks D1 and the queues", async () => {
    const res = await exports.default.fetch("http://x/readyz");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; checks: Record<string, { ok: boolean }> };
    expect(body.ok).toBe(true);
    expect(Object.keys(body.checks).sort()).toEqual(["d1", "queues"]);
  });
});
