import { createRoute } from "@hono/zod-openapi";
import { adminErrors, json, jsonBody, notFound } from "../../schemas/common";
import {
  EvictRequestSchema,
  EvictResultSchema,
  FaultsSchema,
  PoisonRequestSchema,
  PoisonResultSchema,
} from "../../schemas/faults";
import { countFault, faultStats } from "../faults";
import { logEvent } from "../log";
import { developmentOnly } from "./middleware/development-only";
import { requireAdmin } from "./middleware/require-admin";
import { createRouter } from "./types";

// Development-only fault hooks for the stress suite: 404 in production (before the admin check, so
// they look like a path with no route), and admin-only everywhere else.
const errors = { ...adminErrors, ...notFound };

const stats = createRoute({
  method: "get",
  path: "/admin/faults",
  tags: ["Operations"],
  summary: "What the fault hooks have injected in this isolate (admin, development only: 404 in production)",
  middleware: [developmentOnly(), requireAdmin()] as const,
  responses: { 200: json(FaultsSchema, "The configured rate and the counts"), ...errors },
});

const evict = createRoute({
  method: "post",
  path: "/admin/faults/evict",
  tags: ["Operations"],
  summary: "Reset a user's actor mid-flight, as a crash would (admin, development only: 404 in production)",
  description: "The actor calls `ctx.abort()`: its in-flight requests fail, its storage survives.",
  middleware: [developmentOnly(), requireAdmin()] as const,
  request: jsonBody(EvictRequestSchema),
  responses: { 200: json(EvictResultSchema, "The actor was reset"), ...errors },
});

const poison = createRoute({
  method: "post",
  path: "/admin/faults/poison",
  tags: ["Operations"],
  summary: "Put messages no consumer can process on the task queue (admin, development only: 404 in production)",
  description: "Each lands in the dead-letter queue with a reason; every body carries the returned `marker`.",
  middleware: [developmentOnly(), requireAdmin()] as const,
  request: jsonBody(PoisonRequestSchema),
  responses: { 202: json(PoisonResultSchema, "Queued"), ...errors },
});

export const faults = createRouter()
  .openapi(stats, (c) =>
    c.json({ queueFailureRate: c.get("config").FAULT_QUEUE_FAILURE_RATE, stats: faultStats() }, 200),
  )
  .openapi(evict, async (c) => {
    const { userId } = c.req.valid("json");
    try {
      await c.env.USER_ACTOR.get(c.env.USER_ACTOR.idFromName(userId)).evict();
    } catch (error) {
      // the abort fails the very call that asked for it
      logEvent("debug", "actor evicted", { userId, error: String(error) });
    }
    countFault("evictions");
    return c.json({ userId, evicted: true as const }, 200);
  })
  .openapi(poison, async (c) => {
    const { count } = c.req.valid("json");
    const marker = `poison-${crypto.randomUUID()}`;
    // straight onto the queue: the bus would refuse a body that breaks the task schema, which is the point
    await c.env.TASKS.sendBatch(
      Array.from({ length: count }, (_, n) => ({ body: { kind: "fault.poison", marker, n }, contentType: "json" })),
    );
    countFault("poisonMessages", count);
    return c.json({ sent: count, marker }, 202);
  });
