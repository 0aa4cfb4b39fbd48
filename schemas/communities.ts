import { z } from "@hono/zod-openapi";
import { freeText, IdSchema, InstantSchema, listOf } from "./common";
import { CategorySchema } from "./lifelog";
import { postText, PostCreateSchema } from "./social";

/**
 * Communities with roles, their posts (posts with a community, moderated like any other) and challenges
 * computed from members' timelines, with leaderboards (API.md "Social and communities").
 */

// ── communities ───────────────────────────────────────────────────────────────────────────────

export const CommunityRoleSchema = z.enum(["owner", "moderator", "member"]);
export type CommunityRole = z.infer<typeof CommunityRoleSchema>;

export const CommunityCreateSchema = z
  .strictObject({
    title: freeText(120, "새벽 러닝 Dawn runners"),
    description: postText(2_000).optional(),
    proOnly: z.boolean().optional(),
  })
  .openapi("CommunityCreate", {
    example: {
      title: "새벽 러닝 모임",
      description: "평일 아침 6시에 반포한강공원에서 함께 5km를 달립니다. 처음 오시는 분도 환영해요.",
      proOnly: false,
    },
  });
export type CommunityCreate = z.infer<typeof CommunityCreateSchema>;

export const CommunitySchema = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string(),
    ownerId: z.string(),
    proOnly: z.boolean(),
    memberCount: z.number().int(),
    /** The caller's role, or null when they are not a member. */
    myRole: CommunityRoleSchema.nullable(),
    createdAt: z.string().datetime(),
  })
  .openapi("Community");
export type Community = z.infer<typeof CommunitySchema>;
export const CommunityListSchema = listOf(CommunitySchema, "CommunityList");
export const CommunityParamSchema = z.object({ id: z.string().min(1).max(64) });
export const MemberParamSchema = CommunityParamSchema.extend({ userId: IdSchema });
/** Owners promote and demote (moderator | member); moderators and owners remove members (`removed`). */
export const MemberUpdateSchema = z
  .strictObject({ role: z.enum(["moderator", "member", "removed"]) })
  .openapi("MemberUpdate", { example: { role: "moderator" } });
export type MemberUpdate = z.infer<typeof MemberUpdateSchema>;
export const MemberSchema = z
  .object({ userId: z.string(), role: CommunityRoleSchema.nullable(), joinedAt: z.string().datetime().nullable() })
  .openapi("CommunityMember");
export type CommunityMember = z.infer<typeof MemberSchema>;

export const CommunityPostCreateSchema = PostCreateSchema.omit({ visibility: true }).openapi("CommunityPostCreate", {
  example: { body: "이번 주 토요일 러닝은 6시 반포한강공원 달빛광장에서 모여요. 비가 오면 쉽니다." },
});
export type CommunityPostCreate = z.infer<typeof CommunityPostCreateSchema>;
export const CommunityPostParamSchema = CommunityParamSchema.extend({ postId: z.string().min(1).max(64) });

// ── challenges ────────────────────────────────────────────────────────────────────────────────

/**
 * What a challenge measures from a member's day summaries (`timeline.day`) over its window
 * (workers/domain/social/challenge-metric.ts). A day belongs to the window when its middle, in the member's
 * zone, falls in [startAt, endAt).
 * - `category_minutes_per_week`: total minutes of `category` in the window ÷ weeks elapsed since `startAt`
 *   (until `endAt`), at least 1 week,
 * - `exercise_days`: days with exercise in the window,
 * - `sleep_before`: days whose night's sleep began before `time` (local "HH:MM", read on a noon-to-noon clock,
 *   so "01:00" is later than "23:00"), from the day's hours grid; naps (under 3 hours, not reaching
 *   midnight) and the sleep carried over from the night before do not count.
 */
export const ChallengeMetricSchema = z
  .discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("category_minutes_per_week"), category: CategorySchema }),
    z.strictObject({ kind: z.literal("exercise_days") }),
    z.strictObject({
      kind: z.literal("sleep_before"),
      time: z
        .string()
        .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be HH:MM")
        .openapi({ example: "23:00" }),
    }),
  ])
  .openapi("ChallengeMetric");
export type ChallengeMetric = z.infer<typeof ChallengeMetricSchema>;

export const ChallengeCreateSchema = z
  .strictObject({
    title: freeText(120, "주 3회 운동 Exercise three days a week"),
    metric: ChallengeMetricSchema,
    target: z.number().positive().max(100_000),
    startAt: InstantSchema,
    endAt: InstantSchema,
  })
  .refine((c) => Date.parse(c.endAt) > Date.parse(c.startAt), {
    message: "endAt must be after startAt",
    path: ["endAt"],
  })
  .openapi("ChallengeCreate", {
    example: {
      title: "한 달 동안 주 3회 운동하기",
      metric: { kind: "exercise_days" },
      target: 12,
      startAt: "2026-12-07T00:00:00+09:00",
      endAt: "2027-01-04T00:00:00+09:00",
    },
  });
export type ChallengeCreate = z.infer<typeof ChallengeCreateSchema>;

export const ChallengeSchema = z
  .object({
    id: z.string(),
    communityId: z.string(),
    title: z.string(),
    metric: ChallengeMetricSchema,
    target: z.number(),
    startAt: z.string().datetime(),
    endAt: z.string().datetime(),
    status: z.enum(["upcoming", "running", "ended"]),
    /** The caller's own progress, when they are a member. */
    myProgress: z.object({ value: z.number(), reachedAt: z.string().datetime().nullable() }).nullable(),
    createdAt: z.string().datetime(),
  })
  .openapi("Challenge");
export type Challenge = z.infer<typeof ChallengeSchema>;
export const ChallengeListSchema = listOf(ChallengeSchema, "ChallengeList");
export const ChallengeParamSchema = CommunityParamSchema.extend({ challengeId: z.string().min(1).max(64) });

export const LeaderboardEntrySchema = z
  .object({
    /** 1-based position among the entries the caller sees (others' private entries are left out). */
    rank: z.number().int(),
    userId: z.string(),
    /** The metric's value (see ChallengeMetric): minutes per week, or a number of days. */
    value: z.number(),
    reached: z.boolean(),
    reachedAt: z.string().datetime().nullable(),
  })
  .openapi("LeaderboardEntry");
export type LeaderboardEntry = z.infer<typeof LeaderboardEntrySchema>;
export const LeaderboardSchema = listOf(LeaderboardEntrySchema, "Leaderboard");
