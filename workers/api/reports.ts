import { createRoute, z } from "@hono/zod-openapi";
import { authedErrors, json, listOf, readErrors, jsonBody } from "../../schemas/common";
import {
  CreateReportSchema,
  ProfileUpdateSchema,
  ReportListQuerySchema,
  ReportSchema,
} from "../../schemas/retrospects";
import { listReports, toReport } from "../ports/db/reports";
import { updateProfile } from "../ports/db/users";
import { reportNow } from "../services/reports";
import { keysetAfter } from "./pagination";
import { createRouter, userOf } from "./types";

const list = createRoute({
  method: "get",
  path: "/reports",
  tags: ["Retrospectives"],
  summary: "Your growth reports, newest first; `?period=week|month`",
  request: { query: ReportListQuerySchema },
  responses: { 200: json(listOf(ReportSchema, "ReportList"), "A page of reports"), ...readErrors },
});

const create = createRoute({
  method: "post",
  path: "/reports",
  tags: ["Retrospectives"],
  summary: "A report of the running week or month so far; one per user and period per day",
  request: jsonBody(CreateReportSchema),
  responses: { 202: json(z.object({ id: z.string(), reused: z.boolean() }), "The report's id"), ...authedErrors },
});

const profile = createRoute({
  method: "patch",
  path: "/me/profile",
  tags: ["Retrospectives"],
  summary: "Set your time zone (reports follow your local week and month), language and display name",
  request: jsonBody(ProfileUpdateSchema),
  responses: {
    200: json(
      z.object({ timezone: z.string(), locale: z.enum(["en", "ko"]), displayName: z.string().nullable() }),
      "The profile",
    ),
    ...authedErrors,
  },
});

export const reportRoutes = createRouter()
  .openapi(list, async (c) => {
    const { period, limit, cursor } = c.req.valid("query");
    const page = await listReports(c.env, userOf(c).id, period, { limit, after: keysetAfter(cursor) });
    // reports change when one is made on demand; let clients revalidate instead of serving stale lists
    c.header("Cache-Control", "private, no-cache");
    return c.json({ items: page.items.map(toReport), nextCursor: page.nextCursor }, 200);
  })
  .openapi(create, async (c) => {
    const { report, reused } = await reportNow(c.env, userOf(c).id, c.req.valid("json").period);
    return c.json({ id: report.id, reused }, 202);
  })
  .openapi(profile, async (c) => {
    const row = await updateProfile(c.env, userOf(c).id, c.req.valid("json"));
    return c.json({ timezone: row.timezone, locale: row.locale, displayName: row.displayName }, 200);
  });
