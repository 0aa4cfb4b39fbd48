import { z } from "@hono/zod-openapi";
import { DaySchema, freeText as text, IdSchema, InstantSchema, TimeZoneSchema } from "./common";

/** Where life-log events come from; each has its own metadata schema and its own consent switch. */
export const SOURCES = ["screen_time", "location", "calendar", "health", "manual"] as const;
export const SourceSchema = z.enum(SOURCES);
export type Source = z.infer<typeof SourceSchema>;

/** What a timeline block can be. `other` is what the classifier says when no rule applies. */
export const CATEGORIES = [
  "work",
  "study",
  "exercise",
  "commute",
  "social",
  "rest",
  "sleep",
  "leisure",
  "chores",
  "other",
] as const;
export const CategorySchema = z.enum(CATEGORIES).openapi("LifeCategory");
export type Category = z.infer<typeof CategorySchema>;

/** Minutes per category; every category is present (0 when none). */
export const CategoryMinutesSchema = z.record(CategorySchema, z.number().min(0)).openapi("CategoryMinutes");
export type CategoryMinutes = Record<Category, number>;

// ── devices and consent ────────────────────────────────────────────────────────────────────────

export const PlatformSchema = z.enum(["ios", "android", "web", "watch", "desktop"]);

export const DeviceCreateSchema = z
  .strictObject({
    name: text(80, "민지의 iPhone"),
    platform: PlatformSchema,
    sources: z
      .array(SourceSchema)
      .min(1)
      .max(SOURCES.length)
      .refine((s) => new Set(s).size === s.length, "each source at most once"),
  })
  .openapi("DeviceCreate", {
    example: { name: "민지의 iPhone", platform: "ios", sources: ["screen_time", "location", "health"] },
  });
export type DeviceCreate = z.infer<typeof DeviceCreateSchema>;

export const DeviceSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    platform: PlatformSchema,
    sources: z.array(SourceSchema),
    createdAt: z.string(),
    /** When the device last sent an accepted event; null until it does. */
    lastSeenAt: z.string().nullable(),
  })
  .openapi("Device");
export type Device = z.infer<typeof DeviceSchema>;

export const DeviceIdSchema = z
  .string()
  .regex(/^dev_[A-Za-z0-9_-]{8,40}$/, "not a device id")
  .openapi({ example: "dev_Qm9vay1waG9uZS0x" });

export const VisibilitySchema = z.enum(["private", "stats_only", "anonymized_timeline"]);
export type Visibility = z.infer<typeof VisibilitySchema>;

export const ConsentsSchema = z.object(
  Object.fromEntries(SOURCES.map((s) => [s, z.boolean()])) as Record<Source, z.ZodBoolean>,
);
export type Consents = Record<Source, boolean>;

export const PrivacySchema = z
  .object({ consents: ConsentsSchema, visibility: VisibilitySchema, updatedAt: z.string().nullable() })
  .openapi("Privacy");
export type Privacy = z.infer<typeof PrivacySchema>;

export const PrivacyUpdateSchema = z
  .strictObject({
    consents: z
      .strictObject(
        Object.fromEntries(SOURCES.map((s) => [s, z.boolean().optional()])) as Record<
          Source,
          z.ZodOptional<z.ZodBoolean>
        >,
      )
      .optional(),
    visibility: VisibilitySchema.optional(),
  })
  .refine((u) => u.consents !== undefined || u.visibility !== undefined, "send consents, visibility or both")
  .openapi("PrivacyUpdate", {
    example: { consents: { screen_time: true, location: false, health: true }, visibility: "stats_only" },
  });
export type PrivacyUpdate = z.infer<typeof PrivacyUpdateSchema>;

// ── activity events ────────────────────────────────────────────────────────────────────────────

/** The longest single event: a night's sleep or an all-day calendar entry fits, a week does not. */
export const MAX_EVENT_MS = 24 * 3_600_000;
export const MAX_ACTIVITY_EVENTS = 500;

export const METADATA = {
  screen_time: z.strictObject({ app: text(200, "VS Code"), appCategory: text(60, "developer tools").optional() }),
  // a coarse label ("home", "office", "gym", "회사"), never coordinates
  location: z.strictObject({ place: text(80, "회사"), geofenceId: IdSchema.optional() }),
  calendar: z.strictObject({ title: text(300), attendees: z.number().int().min(0).max(10_000).optional() }),
  health: z.strictObject({
    kind: z.enum(["steps", "sleep", "workout"]),
    value: z.number().min(0).max(1_000_000),
    unit: text(20, "min").optional(),
  }),
  manual: z.strictObject({ category: CategorySchema, note: text(500).optional() }),
} as const satisfies Record<Source, z.ZodType>;

const eventOf = <S extends Source>(source: S) =>
  z.strictObject({
    eventId: IdSchema.openapi({ description: "Client id of the event; a replay is counted as a duplicate" }),
    source: z.literal(source),
    start: InstantSchema,
    end: InstantSchema,
    deviceId: DeviceIdSchema.optional(),
    metadata: METADATA[source],
  });

export const ActivityEventSchema = z
  .discriminatedUnion("source", [
    eventOf("screen_time"),
    eventOf("location"),
    eventOf("calendar"),
    eventOf("health"),
    eventOf("manual"),
  ])
  .superRefine((e, ctx) => {
    const span = Date.parse(e.end) - Date.parse(e.start);
    if (span < 0) ctx.addIssue({ code: "custom", path: ["end"], message: "end is before start" });
    else if (span > MAX_EVENT_MS)
      ctx.addIssue({ code: "custom", path: ["end"], message: "an event lasts at most 24 hours" });
  })
  .openapi("ActivityEvent");
export type ActivityEvent = z.infer<typeof ActivityEventSchema>;

export const ActivityBatchSchema = z
  .strictObject({ events: z.array(ActivityEventSchema).min(1).max(MAX_ACTIVITY_EVENTS) })
  .openapi("ActivityBatch", {
    example: {
      events: [
        {
          eventId: "cal-2026-12-05-0930",
          source: "calendar",
          start: "2026-12-05T09:30:00+09:00",
          end: "2026-12-05T10:30:00+09:00",
          metadata: { title: "주간 팀 회의", attendees: 6 },
        },
        {
          eventId: "health-2026-12-05-1900",
          source: "health",
          start: "2026-12-05T19:00:00+09:00",
          end: "2026-12-05T19:40:00+09:00",
          metadata: { kind: "workout", value: 40, unit: "min" },
        },
      ],
    },
  });

export const ActivityRejectReasonSchema = z.enum(["consent", "unknown_device", "source_not_on_device"]);
export const ActivityResultSchema = z
  .object({
    accepted: z.number().int(),
    duplicates: z.number().int(),
    rejected: z.array(z.object({ eventId: z.string(), reason: ActivityRejectReasonSchema })),
  })
  .openapi("ActivityResult");
export type ActivityResult = z.infer<typeof ActivityResultSchema>;

// ── timeline ───────────────────────────────────────────────────────────────────────────────────

/** Why a block has its category: the user's correction of this block, a pattern they taught, or the rules. */
export const ClassifiedBySchema = z.enum(["correction", "learned", "baseline"]);

export const TimelineEntrySchema = z
  .object({
    id: z.string(),
    start: z.string(),
    end: z.string(),
    category: CategorySchema,
    confidence: z.number().min(0).max(1),
    /** The source that covers most of the block. */
    source: SourceSchema,
    sourceEventIds: z.array(z.string()),
    /** The place the user was at during the block, when a location event says so. */
    geo: z.object({ place: z.string().nullable() }),
    classifiedBy: ClassifiedBySchema,
  })
  .openapi("TimelineEntry");
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;

export const TimelineQuerySchema = z.object({ day: DaySchema, tz: TimeZoneSchema.default("UTC") });
export const TimelineSchema = z
  .object({
    day: z.string(),
    tz: z.string(),
    /** How long the day is in that zone: 23 or 25 on the days clocks change. */
    hours: z.number(),
    entries: z.array(TimelineEntrySchema),
    /** True for days older than the hot window, read from the archive. */
    archived: z.boolean(),
    /** True (with no entries) for a day older than the caller's plan shows: kept, not deleted. */
    hidden: z.boolean().optional(),
  })
  .openapi("Timeline");
export type Timeline = z.infer<typeof TimelineSchema>;

export const WeekQuerySchema = z.object({ start: DaySchema, tz: TimeZoneSchema.default("UTC") });
export const WeekSchema = z
  .object({
    start: z.string(),
    tz: z.string(),
    days: z.array(
      z.object({
        day: z.string(),
        minutes: CategoryMinutesSchema,
        /** True (minutes all zero) for a day older than the caller's plan shows: kept, not deleted. */
        hidden: z.boolean().optional(),
      }),
    ),
  })
  .openapi("TimelineWeek");
export type Week = z.infer<typeof WeekSchema>;

export const EntryIdSchema = z
  .string()
  .regex(/^tl_[A-Za-z0-9_-]{6,200}$/, "not a timeline entry id")
  .openapi({ example: "tl_ZXYtbW9ybmluZy0x" });
export const EntryFeedbackSchema = z
  .strictObject({ category: CategorySchema, note: text(500).optional() })
  .openapi("TimelineFeedback", { example: { category: "exercise", note: "점심시간에 헬스장에 다녀왔어요" } });
export type EntryFeedback = z.infer<typeof EntryFeedbackSchema>;

// ── messages the user's actor sends (schemas/tasks.ts) ─────────────────────────────────────────

/**
 * An accepted event as the archive receives it (`activity.raw` v1). Location metadata is sealed with
 * the user's key (`place` and `geofenceId` are `v1.<iv>.<ciphertext>`, base64url AES-GCM).
 */
export const ActivityRecordSchema = z.object({
  eventId: z.string(),
  source: SourceSchema,
  start: z.number().int(),
  end: z.number().int(),
  deviceId: z.string().nullable(),
  category: CategorySchema,
  confidence: z.number().min(0).max(1),
  metadata: z.record(z.string(), z.unknown()),
});
export type ActivityRecord = z.infer<typeof ActivityRecordSchema>;

/** A day's totals in the user's zone (`timeline.day`), replacing the day's earlier summary. */
export const DaySummarySchema = z.object({
  day: DaySchema,
  tz: z.string(),
  minutes: CategoryMinutesSchema,
  /** 24 × 10 minutes: hour of the local day × category, in CATEGORIES order. */
  hours: z.array(z.number().min(0)).length(24 * CATEGORIES.length),
  exercise: z.boolean(),
  at: z.number().int(),
});
export type DaySummary = z.infer<typeof DaySummarySchema>;
