import { z } from "@hono/zod-openapi";
import { CategorySchema } from "./lifelog";

/** Pro analytics reports (#20): the requests, the job's result, the list and the shared document. */

export const AnalyticsReportTypeSchema = z.enum(["monthly", "goal_forecast"]).openapi("AnalyticsReportType");
export type AnalyticsReportType = z.infer<typeof AnalyticsReportTypeSchema>;

export const AnalyticsReportRequestSchema = z
  .object({
    type: AnalyticsReportTypeSchema,
    /** The category a goal forecast projects; without one, the category with the most minutes lately. */
    category: CategorySchema.optional(),
  })
  .strict()
  .openapi("AnalyticsReportRequest", { example: { type: "goal_forecast", category: "exercise" } });
export type AnalyticsReportRequest = z.infer<typeof AnalyticsReportRequestSchema>;

export const AnalyticsReportAcceptedSchema = z
  .object({ jobId: z.string().openapi({ description: "The report's id too; follow it at /v1/jobs/{jobId}" }) })
  .openapi("AnalyticsReportAccepted");

/** The job's `result` when the report is written. */
export const AnalyticsReportResultSchema = z
  .object({
    reportId: z.string(),
    type: AnalyticsReportTypeSchema,
    /** A signed link anyone holding it can open until `expiresAt` (GET /v1/shared/{token}). */
    url: z.string(),
    expiresAt: z.string().datetime(),
    summary: z.string(),
  })
  .openapi("AnalyticsReportResult");
export type AnalyticsReportResult = z.infer<typeof AnalyticsReportResultSchema>;

export const AnalyticsReportStatusSchema = z.enum(["queued", "running", "succeeded", "failed", "cancelled"]);

export const AnalyticsReportItemSchema = z
  .object({
    id: z.string(),
    type: AnalyticsReportTypeSchema,
    status: AnalyticsReportStatusSchema,
    createdAt: z.string().datetime(),
    /** A fresh signed link for a written report, else null. */
    url: z.string().nullable(),
    expiresAt: z.string().datetime().nullable(),
  })
  .openapi("AnalyticsReportItem");
export type AnalyticsReportItem = z.infer<typeof AnalyticsReportItemSchema>;

export const AnalyticsReportListSchema = z
  .object({ items: z.array(AnalyticsReportItemSchema), nextCursor: z.string().nullable() })
  .openapi("AnalyticsReportList");

/** What the job carries: the report row's id, its owner and how to write it. */
export const AnalyticsJobInputSchema = z.object({
  kind: z.literal("analytics-report"),
  reportId: z.string(),
  userId: z.string(),
  type: AnalyticsReportTypeSchema,
  category: CategorySchema.nullable(),
  locale: z.enum(["en", "ko"]),
  /** The person's current day (their time zone) when the report was asked for. */
  today: z.string(),
});
export type AnalyticsJobInput = z.infer<typeof AnalyticsJobInputSchema>;

export const ShareTokenParamSchema = z.object({
  token: z
    .string()
    .min(10)
    .max(1024)
    .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, "not a shared link")
    .openapi({
      description: "The signed part of a shared link",
      example: "eyJyIjoiMDE5M2EwZTAiLCJlIjoxNzY1NTAwMDAwfQ.8r1w0yHk1J0ZrVx2cQmX9pVb7sKj3uT5eL6nA4dF2gE",
    }),
});

export const SharedQuerySchema = z.object({
  format: z.enum(["html", "json"]).optional().openapi({ description: "json for the data; HTML by default" }),
});

/** The report's JSON document (what `?format=json` answers); the HTML renders the same data. */
export const ReportDocumentSchema = z
  .object({
    format: z.literal("edge-coach-report/1"),
    id: z.string(),
    type: AnalyticsReportTypeSchema,
    locale: z.enum(["en", "ko"]),
    createdAt: z.string().datetime(),
    title: z.string(),
    summary: z.string(),
    /** The model's output: the monthly comparison or the forecast (workers/domain). */
    data: z.record(z.string(), z.unknown()),
  })
  .openapi("AnalyticsReportDocument");
export type ReportDocument = z.infer<typeof ReportDocumentSchema>;
