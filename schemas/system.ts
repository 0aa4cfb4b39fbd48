import { z } from "@hono/zod-openapi";

export const HealthSchema = z.object({ ok: z.literal(true) }).openapi("Health");

export const ReadinessSchema = z
  .object({
    ok: z.boolean(),
    checks: z.record(z.string(), z.object({ ok: z.boolean(), detail: z.string().optional(), ms: z.number() })),
  })
  .openapi("Readiness");
export type Readiness = z.infer<typeof ReadinessSchema>;
