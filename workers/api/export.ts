import { createRoute } from "@hono/zod-openapi";
import { readErrors } from "../../schemas/common";
import { ExportDocumentSchema } from "../../schemas/export";
import { RateLimitedError } from "../errors";
import { exportFileName, startExport } from "../services/export";
import { createRouter, userOf } from "./types";

/** An export usually finishes in seconds; the lease of one that died expires after EXPORT_LEASE_MS. */
const BUSY_RETRY_SECONDS = 30;

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
    "so a document without it was cut short. Every export is recorded in the audit log. One export per user " +
    "streams at a time: another while it runs is 429.",
  responses: {
    200: {
      description: "The export (Content-Disposition: attachment)",
      content: { "application/json": { schema: ExportDocumentSchema } },
    },
    ...readErrors,
  },
});

/** Export (#20): GET /v1/me/export */
export const exportRoutes = createRouter().openapi(exportRoute, async (c) => {
  const now = Date.now();
  const body = await startExport({
    env: c.env,
    userId: userOf(c).id,
    requestId: c.get("requestId"),
    now,
    waitUntil: (promise) => c.executionCtx.waitUntil(promise),
  });
  if (!body)
    throw new RateLimitedError(
      "an export of yours is still being written; download it, or try again when it has finished",
      BUSY_RETRY_SECONDS,
    );
  return c.body(body, 200, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Disposition": `attachment; filename="${exportFileName(now)}"`,
    "Cache-Control": "no-store",
  }) as never;
});
