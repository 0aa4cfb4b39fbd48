import { z } from "@hono/zod-openapi";
import { DaySchema, freeText, IdSchema, listOf, PageQuerySchema, unicodePattern } from "./common";
import { LabelKeySchema } from "./labels";
import { CategorySchema } from "./lifelog";

/**
 * The social part of the life-log (API.md "Social and communities"): posts with timeline snapshots,
 * follows of people and labels, the feed, reactions, moderated comments, communities with roles, and
 * challenges computed from members' timelines. REST routes and the GraphQL gateway share these shapes.
 */

/**
 * Text people write to each other: any script, line breaks and tabs allowed, no other control characters.
 * The limit counts characters (code points, as JSON Schema's maxLength does): a Hangul syllable or an
 * emoji is one, whatever its UTF-16 or UTF-8 length.
 */
const NO_CONTROL_BUT_LINES = /^(?:[^\p{Cc}]|[\n\r\t])*$/u;
const characters = (text: string) => {
  let n = 0;
  for (const _ of text) n++;
  return n;
};
export const postText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .refine((text) => characters(text) <= max, `must be at most ${max.toLocaleString("en")} characters`)
    .regex(NO_CONTROL_BUT_LINES, "may not contain control characters other than line breaks and tabs")
    .openapi({
      pattern: unicodePattern(NO_CONTROL_BUT_LINES),
      maxLength: max,
      example: "오늘 5km 달렸어요 — ran 5 km today",
    });

export const POST_MAX_CHARS = 5_000;
export const COMMENT_MAX_CHARS = 2_000;

export const PostVisibilitySchema = z.enum(["public", "followers", "private"]);
export type PostVisibility = z.infer<typeof PostVisibilitySchema>;
export const ReactionTypeSchema = z.enum(["like", "cheer", "insight"]);
export type ReactionType = z.infer<typeof ReactionTypeSchema>;
export const ModerationSchema = z.enum(["pending", "approved", "rejected"]);
export type Moderation = z.infer<typeof ModerationSchema>;

// ── posts ─────────────────────────────────────────────────────────────────────────────────────

export const PostCreateSchema = z
  .strictObject({
    body: postText(POST_MAX_CHARS),
    /** One block of the author's timeline (an id from GET /v1/timeline). */
    timelineEntryId: z.string().min(1).max(200).optional(),
    /** A whole day of the author's timeline, in their zone. */
    day: DaySchema.optional(),
    visibility: PostVisibilitySchema,
  })
  .openapi("PostCreate", {
    example: {
      body: "오늘 아침 한강에서 5km를 28분에 달렸어요. 지난주보다 2분 빨라졌어요!",
      day: "2026-12-05",
      visibility: "followers",
    },
  });
export type PostCreate = z.infer<typeof PostCreateSchema>;

/**
 * What a post shows of the author's timeline, decided by the author's privacy level when posting:
 * `stats_only` gives a day's minutes per category; `anonymized_timeline` gives blocks with categories and
 * times. Places are never part of a snapshot. A `private` author's snapshot may only be posted `private`.
 */
export const PostSnapshotSchema = z
  .discriminatedUnion("kind", [
    z.object({
      kind: z.literal("entry"),
      day: DaySchema,
      entry: z.object({ start: z.string(), end: z.string(), category: CategorySchema }),
    }),
    z.object({
      kind: z.literal("day_stats"),
      day: DaySchema,
      minutes: z.record(CategorySchema, z.number().int().min(0)),
    }),
    z.object({
      kind: z.literal("day_timeline"),
      day: DaySchema,
      blocks: z.array(z.object({ start: z.string(), end: z.string(), category: CategorySchema })),
    }),
  ])
  .openapi("PostSnapshot");
export type PostSnapshot = z.infer<typeof PostSnapshotSchema>;

export const PostSchema = z
  .object({
    id: z.string(),
    authorId: z.string(),
    body: z.string(),
    visibility: PostVisibilitySchema,
    communityId: z.string().nullable(),
    snapshot: PostSnapshotSchema.nullable(),
    reactions: z.object({ like: z.number().int(), cheer: z.number().int(), insight: z.number().int() }),
    /** The caller's own reactions on this post. */
    myReactions: z.array(ReactionTypeSchema),
    /** Approved comments. */
    commentCount: z.number().int(),
    createdAt: z.string().datetime(),
  })
  .openapi("Post");
export type Post = z.infer<typeof PostSchema>;

export const PostListSchema = listOf(PostSchema, "PostList");
export const PostIdParamSchema = z.object({ id: z.string().min(1).max(64) });
export const CreatedSchema = z.object({ id: z.string() }).openapi("Created");

// ── reactions and comments ────────────────────────────────────────────────────────────────────

export const ReactionCreateSchema = z
  .strictObject({ type: ReactionTypeSchema })
  .openapi("ReactionCreate", { example: { type: "cheer" } });
export const ReactionParamSchema = PostIdParamSchema.extend({ type: ReactionTypeSchema });
export const ReactionResultSchema = z
  .object({ postId: z.string(), type: ReactionTypeSchema, count: z.number().int(), reacted: z.boolean() })
  .openapi("ReactionResult");
export type ReactionResult = z.infer<typeof ReactionResultSchema>;

export const CommentCreateSchema = z
  .strictObject({ body: postText(COMMENT_MAX_CHARS) })
  .openapi("CommentCreate", { example: { body: "멋져요! 다음 주 토요일에는 같이 달려요." } });
export const CommentSchema = z
  .object({
    id: z.string(),
    postId: z.string(),
    authorId: z.string(),
    body: z.string(),
    moderation: ModerationSchema,
    /** The rule that held or rejected it; shown to its author only. */
    moderationReason: z.string().nullable().optional(),
    createdAt: z.string().datetime(),
  })
  .openapi("Comment");
export type Comment = z.infer<typeof CommentSchema>;
export const CommentCreatedSchema = z
  .object({ id: z.string(), moderation: ModerationSchema })
  .openapi("CommentCreated");
export const CommentListSchema = listOf(CommentSchema, "CommentList");

// ── follows and the feed ──────────────────────────────────────────────────────────────────────

export const FollowUserParamSchema = z.object({ userId: IdSchema });
export const FollowLabelParamSchema = z.object({ key: LabelKeySchema, value: freeText(100, "Acme") });
export const FollowResultSchema = z.object({ following: z.boolean() }).openapi("FollowResult");

export const FeedQuerySchema = PageQuerySchema;
export const CommentQuerySchema = PageQuerySchema;
