import { createRoute, z } from "@hono/zod-openapi";
import { adminErrors, json } from "../../schemas/common";
import { isolateBreakerRegistry, providerSpecs } from "../ports/llm";
import { requireAdmin } from "./middleware/require-admin";
import { createRouter } from "./types";

const ProviderHealthSchema = z
  .object({
    name: z.string(),
    kind: z.enum(["openai", "workers-ai", "offline"]),
    model: z.string().nullable(),
    baseURL: z.string().nullable(),
    priority: z.number().int().nullable(),
    breaker: z.object({
      state: z.enum(["closed", "open", "half-open"]),
      consecutiveFailures: z.number().int(),
      openedAt: z.number().nullable(),
    }),
    calls: z.number().int(),
    failures: z.number().int(),
    lastError: z.string().nullable(),
    lastErrorAt: z.string().nullable(),
    lastSuccessAt: z.string().nullable(),
    lastLatencyMs: z.number().nullable(),
  })
  .openapi("LlmProviderHealth");

const providers = createRoute({
  method: "get",
  path: "/admin/llm/providers",
  tags: ["Interview prep"],
  summary: "The LLM fallback chain in order, with each provider's circuit breaker and recent health (admin)",
  description: "Health is what the isolate serving this request has seen; keys are never shown.",
  middleware: [requireAdmin()] as const,
  responses: { 200: json(z.object({ items: z.array(ProviderHealthSchema) }), "The chain"), ...adminErrors },
});

export const llmAdmin = createRouter().openapi(providers, (c) => {
  const registry = isolateBreakerRegistry();
  const now = Date.now();
  const items = providerSpecs(c.get("config"), c.env).map((spec) => {
    const report = registry.report(spec.name, now);
    return {
      name: spec.name,
      kind: spec.kind,
      model: "model" in spec ? spec.model : spec.kind === "offline" ? "extractive-v1" : null,
      baseURL: spec.kind === "openai" ? spec.baseURL : null,
      priority: "priority" in spec ? (spec.priority ?? null) : null,
      breaker: report.breaker,
      calls: report.calls ?? 0,
      failures: report.failures ?? 0,
      lastError: report.lastError ?? null,
      lastErrorAt: report.lastErrorAt ?? null,
      lastSuccessAt: report.lastSuccessAt ?? null,
      lastLatencyMs: report.lastLatencyMs ?? null,
    };
  });
  return c.json({ items }, 200);
});
