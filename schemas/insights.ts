import { z } from "@hono/zod-openapi";
import { freeText as text } from "./common";
import { LabelKeySchema } from "./labels";
import { CategoryMinutesSchema } from "./lifelog";

// Cohort insights over life-log rhythms (GET /v1/insights/labels) and the people whose rhythms are
// most like the caller's (GET /v1/matches).

export const InsightQuerySchema = z.object({ key: LabelKeySchema, value: text(100) });

export const InsightPrivacySchema = z.object({
  mechanism: z.literal("laplace"),
  /** How the Laplace noise is drawn (see workers/domain/laplace.ts). */
  sampler: z.string(),
  epsilon: z.number(),
  /** True when the day's budget for this cohort is spent and this is the day's earlier noisy answer. */
  cached: z.boolean(),
  minCohort: z.number().int(),
});

export const InsightSchema = z
  .object({
    cohort: z.object({ key: LabelKeySchema, value: z.string(), size: z.number().int().optional() }),
    window: z.object({ days: z.number().int().nullable(), tier: z.enum(["free", "pro"]) }),
    suppressed: z.boolean().optional(),
    metrics: z
      .object({
        minutesPerDay: CategoryMinutesSchema,
        exerciseDayShare: z.number().min(0).max(1),
        /** ± around each figure that holds 95 % of the time: what the noise costs at this cohort's size. */
        margin95: z.object({ minutesPerDay: z.number(), exerciseDayShare: z.number() }),
      })
      .optional(),
    privacy: InsightPrivacySchema,
  })
  .openapi("LabelInsight");
export type Insight = z.infer<typeof InsightSchema>;

export const MatchSchema = z
  .object({
    userId: z.string(),
    similarity: z.number(),
    labels: z.array(z.object({ key: LabelKeySchema, value: z.string(), verified: z.boolean() })),
  })
  .openapi("Match");
export const MatchListSchema = z.object({ items: z.array(MatchSchema) }).openapi("MatchList");
