import { index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Posts: a person's text, optionally with a snapshot of their timeline (one entry or one day), shared
 * `public`, with `followers`, or kept `private`. A community post carries its community. Counters are
 * changed in the same D1 batch (one transaction) as the reaction or comment they count, so they stay
 * exact under concurrent writes. A deleted post is removed with its reactions, comments and inbox rows.
 */
export const posts = sqliteTable(
  "posts",
  {
    id: text("id").primaryKey(),
    authorId: text("author_id").notNull(),
    body: text("body").notNull(),
    visibility: text("visibility", { enum: ["public", "followers", "private"] }).notNull(),
    communityId: text("community_id"),
    /** JSON of the snapshot as it was posted (`PostSnapshot`), or null. */
    snapshot: text("snapshot"),
    reactionCount: integer("reaction_count").notNull().default(0),
    /**
     * Feed rank: newer is higher, with a boost from reactions and approved comments that is worth a
     * fixed amount of age (so it never depends on when the feed is read); updated with the counters.
     */
    score: real("score").notNull().default(0),
    /** Approved comments only: what others can see. */
    commentCount: integer("comment_count").notNull().default(0),
    /** Removed by a community moderator: hidden from everyone but its author. */
    removedAt: integer("removed_at"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    index("posts_author_created_idx").on(t.authorId, t.createdAt),
    index("posts_visibility_created_idx").on(t.visibility, t.createdAt),
    index("posts_visibility_score_idx").on(t.visibility, t.score),
    index("posts_community_created_idx").on(t.communityId, t.createdAt),
  ],
);

/** A person follows a person. */
export const follows = sqliteTable(
  "follows",
  {
    followerId: text("follower_id").notNull(),
    followeeId: text("followee_id").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.followerId, t.followeeId] }),
    index("follows_followee_idx").on(t.followeeId, t.followerId),
  ],
);

/** A person follows a label value (e.g. affiliation "Acme"): public posts by its public holders reach them. */
export const labelFollows = sqliteTable(
  "label_follows",
  {
    userId: text("user_id").notNull(),
    key: text("key").notNull(),
    /** The label value's comparison key (labelValueKey): spacing, case and Hangul composition do not matter. */
    valueKey: text("value_key").notNull(),
    /** The value as the follower wrote it, for display. */
    value: text("value").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.key, t.valueKey] }),
    index("label_follows_value_idx").on(t.key, t.valueKey),
  ],
);

/** Fan-out on write: a post by someone with few followers is copied into each follower's inbox. */
export const feedInbox = sqliteTable(
  "feed_inbox",
  {
    userId: text("user_id").notNull(),
    postId: text("post_id").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.postId] }),
    index("feed_inbox_user_created_idx").on(t.userId, t.createdAt, t.postId),
    index("feed_inbox_post_idx").on(t.postId),
  ],
);

/** One reaction per type per person per post. */
export const reactions = sqliteTable(
  "reactions",
  {
    postId: text("post_id").notNull(),
    userId: text("user_id").notNull(),
    type: text("type", { enum: ["like", "cheer", "insight"] }).notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.postId, t.userId, t.type] }), index("reactions_user_idx").on(t.userId)],
);

/** Comments, each with its moderation state; only approved ones are shown to anyone but their author. */
export const comments = sqliteTable(
  "comments",
  {
    id: text("id").primaryKey(),
    postId: text("post_id").notNull(),
    authorId: text("author_id").notNull(),
    body: text("body").notNull(),
    moderation: text("moderation", { enum: ["pending", "approved", "rejected"] }).notNull(),
    /** Why the moderation port held or rejected it (a rule name), for the author and moderators. */
    moderationReason: text("moderation_reason"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    index("comments_post_created_idx").on(t.postId, t.createdAt, t.id),
    index("comments_author_idx").on(t.authorId),
  ],
);

export const communities = sqliteTable(
  "communities",
  {
    id: text("id").primaryKey(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    ownerId: text("owner_id").notNull(),
    proOnly: integer("pro_only", { mode: "boolean" }).notNull().default(false),
    memberCount: integer("member_count").notNull().default(0),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("communities_created_idx").on(t.createdAt, t.id)],
);

export const communityMembers = sqliteTable(
  "community_members",
  {
    communityId: text("community_id").notNull(),
    userId: text("user_id").notNull(),
    role: text("role", { enum: ["owner", "moderator", "member"] }).notNull(),
    joinedAt: integer("joined_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.communityId, t.userId] }), index("community_members_user_idx").on(t.userId)],
);

/**
 * A community's challenge: a metric computed from members' timelines over [start_at, end_at), and the
 * target a member reaches. `metric` is JSON (`ChallengeMetric`).
 */
export const challenges = sqliteTable(
  "challenges",
  {
    id: text("id").primaryKey(),
    communityId: text("community_id").notNull(),
    title: text("title").notNull(),
    metric: text("metric").notNull(),
    target: real("target").notNull(),
    startAt: integer("start_at").notNull(),
    endAt: integer("end_at").notNull(),
    createdBy: text("created_by").notNull(),
    /** When the "challenge ended" notifications were sent (null: not yet). */
    endedNotifiedAt: integer("ended_notified_at"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("challenges_community_idx").on(t.communityId, t.startAt), index("challenges_end_idx").on(t.endAt)],
);

/**
 * A member's standing in a challenge. `days` is JSON `{day: {v, at}}`: the per-day contributions the
 * value is summed from and when each day's summary was made, so a day's newer summary replaces its
 * older one instead of adding to it, and an older one arriving late changes nothing.
 */
export const challengeProgress = sqliteTable(
  "challenge_progress",
  {
    challengeId: text("challenge_id").notNull(),
    userId: text("user_id").notNull(),
    value: real("value").notNull(),
    days: text("days").notNull(),
    reachedAt: integer("reached_at"),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.challengeId, t.userId] }),
    index("challenge_progress_rank_idx").on(t.challengeId, t.value),
    index("challenge_progress_user_idx").on(t.userId),
  ],
);
