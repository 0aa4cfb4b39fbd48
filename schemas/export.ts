import { z } from "@hono/zod-openapi";

/**
 * The sections of GET /v1/me/export, in the order they are written. Objects: `profile`, `entitlements`
 * (null when the user never had a subscription), `privacy`, `taste` (null before the first event);
 * every other section is a list. Copies kept in two stores appear in both, named by store: the hot
 * copy in the user's life-log actor (`timeline`, `activityEvents`) and the archive in D1
 * (`archivedTimelineDays`, `archivedActivityEvents`).
 */
export const EXPORT_SECTIONS = [
  "profile",
  "entitlements",
  "privacy",
  "devices",
  "labels",
  "labelVerifications",
  "timeline",
  "archivedTimelineDays",
  "activityEvents",
  "archivedActivityEvents",
  "daySummaries",
  "corrections",
  "posts",
  "comments",
  "reactions",
  "following",
  "followers",
  "labelFollows",
  "communityMemberships",
  "communitiesOwned",
  "challengesCreated",
  "challengeProgress",
  "retrospects",
  "growthReports",
  "analyticsReports",
  "coachSessions",
  "coachMessages",
  "interpretations",
  "resumes",
  "jobs",
  "recommendationEvents",
  "itemInterest",
  "recentItems",
  "purchases",
  "taste",
  "notifications",
  "usageCounters",
  "requestLogs",
  "emails",
  "audit",
] as const;
export type ExportSection = (typeof EXPORT_SECTIONS)[number];
export const EXPORT_OBJECT_SECTIONS: readonly ExportSection[] = ["profile", "entitlements", "privacy", "taste"];

const section = z.union([z.array(z.unknown()), z.record(z.string(), z.unknown()), z.null()]);

/** The document's outer shape; the manifest is written last, after every section. */
export const ExportDocumentSchema = z
  .object({
    format: z.literal("edge-coach-export/1"),
    exportedAt: z.string().openapi({ example: "2026-12-05T09:30:00.000Z" }),
    userId: z.string(),
    sections: z
      .object(
        Object.fromEntries(EXPORT_SECTIONS.map((name) => [name, section])) as Record<ExportSection, typeof section>,
      )
      .openapi({
        description:
          "Every record of the user by kind. Times are ISO-8601; places sealed with a key that is gone stay sealed and are named in `sealed`.",
      }),
    manifest: z.object({
      counts: z
        .record(z.string(), z.number().int().min(0))
        .openapi({ description: "Items per list section; 1 or 0 for an object section" }),
    }),
  })
  .openapi("Export");
export type ExportDocument = z.infer<typeof ExportDocumentSchema>;
