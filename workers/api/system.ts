import { createRoute } from "@hono/zod-openapi";
import { json } from "../../schemas/common";
import { HealthSchema, ReadinessSchema, type Readiness } from "../../schemas/system";
import type { AppEnv } from "../env";
import { pingDb } from "../ports/db/d1";
import { createRouter } from "./types";

const health = createRoute({
  method: "get",
  path: "/healthz",
  tags: ["System"],
  summary: "Liveness: the Worker answers",
  security: [],
  responses: { 200: json(HealthSchema, "Alive") },
});

const ready = createRoute({
  method: "get",
  path: "/readyz",
  tags: ["System"],
  summary: "Readiness: D1 answers a query and the queue bindings are present",
  security: [],
  responses: { 200: json(ReadinessSchema, "Ready"), 503: json(ReadinessSchema, "Not ready") },
});

async function timed(check: () => Promise<void>): Promise<Readiness["checks"][string]> {
  const started = Date.now();
  try {
    await check();
    return { ok: true, ms: Date.now() - started };
  } catch (error) {
    return { ok: false, detail: error instanceof Error ? error.message : String(error), ms: Date.now() - started };
  }
}

export async function readiness(env: AppEnv): Promise<Readiness> {
  const checks = {
    d1: await timed(() => pingDb(env)),
    queues: await timed(async () => {
      // Queues have no read API; a binding with a send method is what a producer needs.
      if (typeof env.TASKS?.send !== "function") throw new Error("TASKS queue binding missing");
      if (typeof env.DEAD_LETTERS?.send !== "function") throw new Error("DEAD_LETTERS queue binding missing");
    }),
  };
  return { ok: Object.values(checks).every((c) => c.ok), checks };
}

export const system = createRouter()
  .openapi(health, (c) => c.json({ ok: true as const }, 200))
  .openapi(ready, async (c) => {
    const result = await readiness(c.env);
    return c.json(result, result.ok ? 200 : 503);
  });
