import { createRoute } from "@hono/zod-openapi";
import { readErrors } from "../../schemas/common";
import { ExportDocumentSchema } from "../../schemas/export";
import { exportDocument, exportFileName } from "../services/export";
import { createRouter, userOf } from "./types";

const exportRoute = createRoute({
  method: "get",
  path: "/me/export",
  tags: ["Account"],
  summary: "Every record of yours as one JSON document, streamed as a download",
  description:
    "Profile, privacy settings and consents, devices, labels, timeline and activity events (places opened with " +
    "your key), corrections, posts, comments, reactions, follows, communities, challenges, retrospectives and " +
    "feedback, reports, coach sessions and messages, resumes and jobs, recommendation events, notifications, " +
    "entitlements, usage and request logs. The document is written as it is read; `manifest.counts` comes last, " +
    "so a document without it was cut short. Every export is recorded in the audit log.",
  responses: {
    200: {
      description: "The export (Content-Disposition: attachment)",
      content: { "application/json": { schema: ExportDocumentSchema } },
    },
    ...readErrors,
  },
});

/** Export (#20): GET /v1/me/export */
export const exportRoutes = createRouter().openapi(exportRoute, (c) => {
  const now = Date.now();
  const body = exportDocument({
    env: c.env,
    userId: userOf(c).id,
    requestId: c.get("requestId"),
    now,
    waitUntil: (promise) => c.executionCtx.waitUntil(promise),
  });
  return c.body(body, 200, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Disposition": `attachment; filename="${exportFileName(now)}"`,
    "Cache-Control": "no-store",
  }) as never;
});
