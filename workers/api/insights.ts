import { createRoute, z } from "@hono/zod-openapi";
import { json, paymentRequired, readErrors } from "../../schemas/common";
import { LIMIT_HEADER } from "../../schemas/headers";
import { InsightQuerySchema, InsightSchema, MatchListSchema } from "../../schemas/insights";
import { compareLabel } from "../services/insights";
import { LABEL_COMPARISONS, limitHeader } from "../services/limits";
import { findMatches } from "../services/rhythms";
import { createRouter, userOf } from "./types";

const labels = createRoute({
  method: "get",
  path: "/insights/labels",
  tags: ["Life-log"],
  summary:
    "Average minutes per category per day and the exercise-day share of the people who share a label value, " +
    "with differential privacy (discrete Laplace noise; cohorts under 11 suppressed; Free: last 30 days, Pro: all history)",
  description:
    "Each call is one label comparison. Free includes 5 a UTC day (a cached answer counts too: it is still your " +
    "comparison); the 6th answers 402 with `limit: label_comparisons` and `resetsAt` (the next midnight UTC) and " +
    "counts nothing. The 4th and 5th carry `X-Edge-Coach-Limit`. Pro has no daily limit.",
  request: { query: InsightQuerySchema },
  responses: {
    200: {
      ...json(InsightSchema, "The cohort's noisy averages, or `suppressed: true`"),
      headers: z.object({
        [LIMIT_HEADER]: z
          .string()
          .optional()
          .openapi({
            description:
              "Free, near the daily limit (the 4th and 5th comparison): " +
              "`label_comparisons; used=4; limit=5; resets=2026-12-06T00:00:00.000Z`",
          }),
      }),
    },
    ...readErrors,
    ...paymentRequired,
  },
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
  .openapi(labels, async (c) => {
    const { insight, metered } = await compareLabel(c.env, userOf(c).id, c.req.valid("query"));
    const header = limitHeader(LABEL_COMPARISONS, metered);
    if (header) c.header(...header);
    return c.json(insight, 200);
  })
  .openapi(matches, async (c) => c.json(await findMatches(c.env, userOf(c).id), 200));
