import { z } from "@hono/zod-openapi";
import { DaySchema, listOf, queryInt, TimeZoneSchema, unicodePattern } from "./common";

const TAG = /^[\p{L}\p{N}_ -]+$/u;

export const TagSchema = z
  .string()
  .trim()
  .min(1)
  .max(32)
  .regex(TAG, "letters, digits, space, _ and -")
  .openapi({ example: "리더십", pattern: unicodePattern(TAG) });

export const CreateRetrospectSchema = z
  .strictObject({
    purpose: z.string().trim().min(1).max(500),
    content: z.string().trim().min(1).max(20_000),
    mood: z.number().int().min(1).max(5).optional(),
    tags: z.array(TagSchema).max(10).default([]),
  })
  .openapi("CreateRetrospect", {
    example: {
      purpose: "주간 회고",
      content:
        "이번 주에는 신규 입사자 온보딩을 맡아 매일 30분씩 질문 시간을 가졌다. 일정이 밀린 배포 건은 동료에게 더 일찍 도움을 요청했으면 좋았을 것이다. 다음 주에는 회의 전에 안건을 미리 공유하겠다.",
      mood: 4,
      tags: ["온보딩", "협업"],
    },
  });
export type CreateRetrospect = z.infer<typeof CreateRetrospectSchema>;

/** What the LLM must return; validated, repaired once, or the chain falls back. */
export const FeedbackContentSchema = z.object({
  summary: z.string().min(1).max(2000),
  strengths: z.array(z.string().min(1).max(500)).max(6),
  weaknesses: z.array(z.string().min(1).max(500)).max(6),
  keepDoing: z.array(z.string().min(1).max(500)).max(6),
  recommendations: z.array(z.string().min(1).max(500)).min(1).max(6),
});
export type FeedbackContent = z.infer<typeof FeedbackContentSchema>;

export const FeedbackStatusSchema = z.enum(["pending", "ready", "failed"]);

export const FeedbackSchema = z
  .object({
    status: FeedbackStatusSchema,
    summary: z.string().nullable(),
    strengths: z.array(z.string()),
    weaknesses: z.array(z.string()),
    keepDoing: z.array(z.string()),
    recommendations: z.array(z.string()),
    provider: z.string().nullable(),
    model: z.string().nullable(),
    offline: z.boolean(),
    reason: z.string().nullable().openapi({ description: "Why feedback failed, when it did" }),
    readyAt: z.string().datetime().nullable(),
  })
  .openapi("Feedback");
export type Feedback = z.infer<typeof FeedbackSchema>;

export const RetrospectSchema = z
  .object({
    id: z.string(),
    purpose: z.string(),
    content: z.string(),
    mood: z.number().int().nullable(),
    tags: z.array(z.string()),
    createdAt: z.string().datetime(),
    feedback: FeedbackSchema,
  })
  .openapi("Retrospect");
export type Retrospect = z.infer<typeof RetrospectSchema>;

export const RetrospectListSchema = listOf(RetrospectSchema, "RetrospectList");
export const RetrospectCreatedSchema = z
  .object({ id: z.string(), feedback: z.object({ status: z.literal("pending") }) })
  .openapi("RetrospectCreated");

/** The longest span one stats request may cover: a year, leap day included. */
export const MAX_STATS_DAYS = 366;
/**
 * The most entries a summary reads (a growth report, the themes of the stats): its newest ones. A
 * summary's work is bounded by this, not by how much someone wrote; counts and mood averages still
 * cover every entry, since the database makes them.
 */
export const MAX_SUMMARY_ENTRIES = 200;
const DEFAULT_STATS_DAYS = 83;
const DAY_MS = 86_400_000;

/** The days a stats request covers: `to` defaults to today (UTC), `from` to twelve weeks before `to`. */
export function statsRange(query: { from?: string; to?: string }, now = Date.now()): { from: string; to: string } {
  const to = query.to ?? new Date(now).toISOString().slice(0, 10);
  const from = query.from ?? new Date(Date.parse(to) - DEFAULT_STATS_DAYS * DAY_MS).toISOString().slice(0, 10);
  return { from, to };
}

export const StatsQuerySchema = z
  .object({
    from: DaySchema.optional().openapi({ description: "YYYY-MM-DD, inclusive (default: 12 weeks before `to`)" }),
    to: DaySchema.optional().openapi({
      description: `YYYY-MM-DD, inclusive (default: today); at most ${MAX_STATS_DAYS} days after \`from\``,
    }),
  })
  .superRefine((query, ctx) => {
    // zod runs this even when a day failed its own check (already reported): an invalid day here
    // would reach `toISOString()` and throw a RangeError, a 500
    if ([query.from, query.to].some((day) => day !== undefined && !DaySchema.safeParse(day).success)) return;
    const { from, to } = statsRange(query);
    const days = (Date.parse(to) - Date.parse(from)) / DAY_MS;
    if (days < 0) ctx.addIssue({ code: "custom", path: ["from"], message: "must not be after to" });
    else if (days > MAX_STATS_DAYS)
      ctx.addIssue({ code: "custom", path: ["from"], message: `must be at most ${MAX_STATS_DAYS} days before to` });
  });
export const StatsSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    weeks: z.array(z.object({ week: z.string(), entries: z.number().int(), moodAverage: z.number().nullable() })),
    themes: z.array(z.object({ theme: z.string(), count: z.number().int() })),
    themesFrom: z
      .number()
      .int()
      .openapi({
        description: `How many of the newest entries the themes were drawn from (at most ${MAX_SUMMARY_ENTRIES})`,
      }),
    total: z.number().int(),
  })
  .openapi("RetrospectStats");
export type Stats = z.infer<typeof StatsSchema>;

export const PeriodSchema = z.enum(["week", "month"]);
export type Period = z.infer<typeof PeriodSchema>;

export const ReportBodySchema = z.object({
  entries: z.number().int(),
  moodTrend: z.object({
    average: z.number().nullable(),
    first: z.number().nullable(),
    last: z.number().nullable(),
    direction: z.enum(["up", "down", "flat", "unknown"]),
  }),
  recurringStrengths: z.array(z.object({ theme: z.string(), count: z.number().int() })),
  recurringWeaknesses: z.array(z.object({ theme: z.string(), count: z.number().int() })),
  recommendations: z.array(z.object({ text: z.string(), followed: z.boolean() })),
  nextFocus: z.string(),
  /**
   * The period in the life-log: days with logged time, days with exercise, and the average minutes per
   * logged day of each category that has any. Null when nothing was logged; absent on reports made
   * before the life-log existed.
   */
  activity: z
    .object({
      days: z.number().int(),
      exerciseDays: z.number().int(),
      minutesPerDay: z.record(z.string(), z.number().int()),
    })
    .nullable()
    .optional(),
});
export type ReportBody = z.infer<typeof ReportBodySchema>;

export const ReportSchema = z
  .object({
    id: z.string(),
    period: PeriodSchema,
    from: z.string(),
    to: z.string(),
    status: z.enum(["pending", "ready", "failed"]),
    body: ReportBodySchema.nullable(),
    createdAt: z.string().datetime(),
  })
  .openapi("GrowthReport");
export type Report = z.infer<typeof ReportSchema>;

export const ReportListQuerySchema = z.object({
  period: PeriodSchema.optional(),
  limit: queryInt(1, 100).default(20),
  cursor: z.string().max(200).optional(),
});
export const CreateReportSchema = z
  .strictObject({ period: PeriodSchema })
  .openapi("CreateReport", { example: { period: "week" } });

export const ProfileUpdateSchema = z
  .strictObject({
    timezone: TimeZoneSchema.optional(),
    locale: z.enum(["en", "ko"]).optional(),
    displayName: z.string().trim().min(1).max(80).optional(),
  })
  .openapi("ProfileUpdate", { example: { timezone: "Asia/Seoul", locale: "ko", displayName: "김지우" } });
