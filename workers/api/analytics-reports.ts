import { createRoute, z } from "@hono/zod-openapi";
import {
  AnalyticsReportAcceptedSchema,
  AnalyticsReportListSchema,
  AnalyticsReportRequestSchema,
  ReportDocumentSchema,
  SharedQuerySchema,
  ShareTokenParamSchema,
} from "../../schemas/analytics-reports";
import {
  authedErrors,
  json,
  jsonBody,
  notFound,
  PageQuerySchema,
  paymentRequired,
  problem,
  publicErrors,
  readErrors,
} from "../../schemas/common";
import { listAnalyticsReports, openSharedReport, requestReport } from "../services/analytics-reports";
import { keysetAfter } from "./pagination";
import { createRouter, userOf } from "./types";

const tags = ["Reports"];

const create = createRoute({
  method: "post",
  path: "/reports/analytics",
  tags,
  summary: "Start a Pro analytics report: a monthly report or a goal forecast (202 with the job)",
  description:
    "`monthly`: the last 30 days against the 30 before per category, the biggest changes, days logged and " +
    "streaks. `goal_forecast`: one category's weekly minutes over the last 12 weeks projected 4 weeks ahead " +
    "(a least-squares trend and your weekday profile, a 95% band from the residuals, and how sure it is, " +
    "with the reason); without `category`, the category with the most minutes. Follow the job at " +
    "`/v1/jobs/{jobId}` or `/v1/jobs/{jobId}/stream`; its result carries a signed link that expires " +
    "(7 days by default). The report is written in your language (`locale`). Free answers 402 " +
    "(`limit: analytics_reports`).",
  request: jsonBody(AnalyticsReportRequestSchema),
  responses: {
    202: json(AnalyticsReportAcceptedSchema, "The report's job has started"),
    ...authedErrors,
    ...paymentRequired,
    503: problem("Shared links are not configured (production without SHARE_LINK_SECRET)"),
  },
});

const list = createRoute({
  method: "get",
  path: "/reports/analytics",
  tags,
  summary: "Your analytics reports, newest first; each written one with a fresh signed link",
  request: { query: PageQuerySchema },
  responses: {
    200: json(AnalyticsReportListSchema, "A page"),
    ...readErrors,
    503: problem("Shared links are not configured (production without SHARE_LINK_SECRET)"),
  },
});

const shared = createRoute({
  method: "get",
  path: "/shared/{token}",
  tags,
  security: [],
  summary: "A shared report (public: the signed link is the permission): HTML, or JSON with ?format=json",
  description:
    "The link names the report and its expiry and is signed (HMAC-SHA256); any changed character or a " +
    "past expiry answers 403. A report erased since answers 404. `Accept: application/json` also selects " +
    "JSON. The HTML is self-contained, with no scripts.",
  request: { params: ShareTokenParamSchema, query: SharedQuerySchema },
  responses: {
    200: {
      description: "The report",
      content: { "text/html": { schema: z.string() }, "application/json": { schema: ReportDocumentSchema } },
    },
    ...publicErrors,
    403: problem("The link was changed or has expired"),
    ...notFound,
    503: problem("Shared links are not configured (production without SHARE_LINK_SECRET)"),
  },
});

export const analyticsReportRoutes = createRouter()
  .openapi(create, async (c) => c.json(await requestReport(c.env, userOf(c).id, c.req.valid("json")), 202))
  .openapi(list, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    return c.json(await listAnalyticsReports(c.env, userOf(c).id, { limit, after: keysetAfter(cursor) }), 200);
  })
  .openapi(shared, async (c) => {
    const { format } = c.req.valid("query");
    const wantsJson =
      format === "json" || (format === undefined && /application\/json/.test(c.req.header("Accept") ?? ""));
    const { body, contentType } = await openSharedReport(
      c.env,
      c.req.valid("param").token,
      wantsJson ? "json" : "html",
    );
    return c.body(body, 200, {
      "Content-Type": contentType,
      // the token is in the URL: no referrer carries it on, and no shared cache keeps the document
      "Cache-Control": "private, no-store",
      "Referrer-Policy": "no-referrer",
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    }) as never;
  });
