import type { AnalyticsJobInput, AnalyticsReportItem, AnalyticsReportRequest } from "../../schemas/analytics-reports";
import { DEV_SHARE_LINK_SECRET } from "../../schemas/config";
import type { Job } from "../../schemas/interview";
import type { Keyset } from "../domain/cursor";
import { localDay } from "../domain/lifelog/days";
import { signShareToken, verifyShareToken } from "../domain/share-token";
import { configOf, type AppEnv } from "../env";
import { ConfigError, ForbiddenError, NotFoundError, PaymentRequiredError } from "../errors";
import { findReport, insertReport, listReports } from "../ports/db/analytics-reports";
import { userSettings } from "../ports/db/users";
import { tierOf } from "./limits";

/** Where a report's two documents live: under the user's prefix, which erasure deletes whole. */
export const reportObjectKeys = (userId: string, reportId: string) => ({
  json: `users/${userId}/reports/${reportId}.json`,
  html: `users/${userId}/reports/${reportId}.html`,
});

/**
 * The key that signs shared links. Outside production a development key stands in when none is set;
 * production fails closed: no key (or the development one) and links are neither made nor opened (503).
 */
function shareSecret(env: AppEnv): string {
  const config = configOf(env);
  const production = config.ENVIRONMENT === "production";
  const secret = config.SHARE_LINK_SECRET ?? (production ? undefined : DEV_SHARE_LINK_SECRET);
  if (!secret || (production && secret === DEV_SHARE_LINK_SECRET))
    throw new ConfigError(
      "shared report links need a SHARE_LINK_SECRET of their own in production (wrangler secret put SHARE_LINK_SECRET)",
    );
  return secret;
}

/** A signed link to the report that works for SHARE_LINK_TTL_SECONDS from `now`. */
export async function shareLink(
  env: AppEnv,
  reportId: string,
  now: number,
): Promise<{ url: string; expiresAt: string }> {
  const e = Math.floor(now / 1000) + configOf(env).SHARE_LINK_TTL_SECONDS;
  const token = await signShareToken(shareSecret(env), { r: reportId, e });
  return { url: `/v1/shared/${token}`, expiresAt: new Date(e * 1000).toISOString() };
}

const jobActor = (env: AppEnv, id: string) => env.JOB.get(env.JOB.idFromName(id));

/**
 * POST /v1/reports/analytics: Pro only (Free: 402 `analytics_reports`). The report row is written
 * first, then its job starts (the job's id is the report's); the job writes the document and the
 * row's object key. The link key is checked before anything starts, so production without one is 503.
 */
export async function requestReport(
  env: AppEnv,
  userId: string,
  request: AnalyticsReportRequest,
): Promise<{ jobId: string }> {
  if ((await tierOf(env, userId)) !== "pro")
    throw new PaymentRequiredError(
      "Analytics reports (a monthly report, a goal forecast) are part of Edge Coach Pro.",
      "analytics_reports",
    );
  shareSecret(env);
  const { timezone, locale } = await userSettings(env, userId);
  const id = crypto.randomUUID();
  const now = Date.now();
  const input: AnalyticsJobInput = {
    kind: "analytics-report",
    reportId: id,
    userId,
    type: request.type,
    category: request.category ?? null,
    locale,
    today: localDay(now, timezone),
  };
  await insertReport(env, { id, userId, type: request.type, input: request, createdAt: now });
  await jobActor(env, id).start(id, userId, input);
  return { jobId: id };
}

/** GET /v1/reports/analytics: the caller's reports, newest first, a fresh link for each written one. */
export async function listAnalyticsReports(
  env: AppEnv,
  userId: string,
  page: { limit: number; after?: Keyset },
): Promise<{ items: AnalyticsReportItem[]; nextCursor: string | null }> {
  const { items, nextCursor } = await listReports(env, userId, page);
  const now = Date.now();
  const views = await Promise.all(
    items.map(async (r): Promise<AnalyticsReportItem> => {
      const written = r.completedAt !== null && r.objectKey !== null;
      const job = written ? null : ((await jobActor(env, r.id).status(userId)) as Job | null);
      const link = written ? await shareLink(env, r.id, now) : null;
      return {
        id: r.id,
        type: r.type,
        status: written ? "succeeded" : (job?.status ?? "failed"),
        createdAt: new Date(r.createdAt).toISOString(),
        url: link?.url ?? null,
        expiresAt: link?.expiresAt ?? null,
      };
    }),
  );
  return { items: views, nextCursor };
}

/**
 * GET /v1/shared/{token}: the document a valid, unexpired link names, as HTML or JSON. Any changed
 * byte or a past expiry is 403; a report whose row or objects were erased is 404.
 */
export async function openSharedReport(
  env: AppEnv,
  token: string,
  format: "html" | "json",
): Promise<{ body: string; contentType: string }> {
  const check = await verifyShareToken(shareSecret(env), token, Math.floor(Date.now() / 1000));
  if (!check.ok)
    throw new ForbiddenError(
      check.reason === "expired"
        ? "this shared link has expired; its owner can make a new one from their reports"
        : "this shared link is not valid",
    );
  const row = await findReport(env, check.payload.r);
  if (!row?.objectKey) throw new NotFoundError("this report no longer exists");
  const keys = reportObjectKeys(row.userId, row.id);
  const object = await env.BLOBS.get(format === "json" ? keys.json : keys.html);
  if (!object) throw new NotFoundError("this report no longer exists");
  return {
    body: await object.text(),
    contentType: format === "json" ? "application/json; charset=utf-8" : "text/html; charset=utf-8",
  };
}
