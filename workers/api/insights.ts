import { createRoute } from "@hono/zod-openapi";
import { json, readErrors } from "../../schemas/common";
import { InsightQuerySchema, InsightSchema, MatchListSchema } from "../../schemas/lifelog";
import { labelInsight } from "../services/insights";
import { findMatches } from "../services/rhythms";
import { createRouter, userOf } from "./types";

const labels = createRoute({
  method: "get",
  path: "/insights/labels",
  tags: ["Life-log"],
  summary:
    "Average minutes per category per day and the exercise-day share of the people who share a label value, " +
    "with differential privacy (discrete Laplace noise; cohorts under 11 suppressed; Free: last 30 days, Pro: all history)",
  request: { query: InsightQuerySchema },
  responses: { 200: json(InsightSchema, "The cohort's noisy averages, or `suppressed: true`"), ...readErrors },
});

const matches = createRoute({
  method: "get",
  path: "/matches",
  tags: ["Life-log"],
  summary: "Up to 10 people with weekly rhythms like yours who chose `anonymized_timeline`, with their public labels",
  responses: {
    200: json(MatchListSchema, "The closest rhythms first; empty until you have logged time"),
    ...readErrors,
  },
});

export const insightRoutes = createRouter()
  .openapi(labels, async (c) => c.json(await labelInsight(c.env, userOf(c).id, c.req.valid("query")), 200))
  .openapi(matches, async (c) => c.json(await findMatches(c.env, userOf(c).id), 200));
