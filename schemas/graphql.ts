import { LABEL_KEYS } from "./labels";
import { CATEGORIES, SOURCES } from "./lifelog";
import { COMMENT_MAX_CHARS, POST_MAX_CHARS } from "./social";

/**
 * The GraphQL gateway's schema (API.md "Social and communities": `POST /graphql`, `GET` for queries).
 * A second door onto the REST API's services: every argument is validated by the zod schema of the
 * matching REST route and every error is the REST error, as `extensions.code`. Enumerations are built
 * from the same constants as the zod schemas, so the two doors cannot drift apart.
 */

/** Deepest selection accepted (GraphiQL's own introspection query is 13 levels deep). */
export const GRAPHQL_MAX_DEPTH = 15;
/** Highest cost accepted; see the schema's description of Query for how a query is counted. */
export const GRAPHQL_MAX_COST = 5_000;
/** What a top-level field costs: each one is at least one call to a service, an actor or D1. */
export const GRAPHQL_ROOT_FIELD_COST = 10;

const values = (list: readonly string[]) => list.join(" ");
const categoryFields = CATEGORIES.map((c) => `  ${c}: Float`).join("\n");

const CORE = /* GraphQL */ `
"""
Edge Coach over GraphQL: the same data, rules and errors as the REST routes under /v1.

Authentication: \`Authorization: Bearer <JWT>\`, exactly as /v1 (a missing or bad token is a 401
problem+json before any GraphQL runs); the same per-IP and per-user rate limits (one request counts
once). \`GET /graphql?query=…\` runs queries only; a mutation over GET is refused with 405.

Errors are listed in \`errors\` with \`extensions.code\` (the REST status in \`extensions.status\`):
BAD_USER_INPUT (400, field errors in \`extensions.errors\`), NOT_FOUND (404: unknown, or another
person's private data), FORBIDDEN (403), PAYMENT_REQUIRED (402, with \`upgrade: true\`),
RULE_VIOLATION (422), CONFLICT (409), RATE_LIMITED (429, \`retryAfter\` in seconds),
SERVICE_UNAVAILABLE (503), INTERNAL_SERVER_ERROR (masked: no detail).

Limits, checked before any resolver runs: depth at most ${GRAPHQL_MAX_DEPTH} (QUERY_TOO_DEEP) and cost at
most ${GRAPHQL_MAX_COST} (QUERY_TOO_COMPLEX). A top-level field costs ${GRAPHQL_ROOT_FIELD_COST} (each one calls a
service), any other field 1; a field with a \`limit\` argument multiplies the cost of everything under it
by that limit (by its maximum, 100, when the limit is a variable; by its default when omitted).
"""
type Query {
  "Your live profile, from your actor (GET /v1/me; records this call as last seen)."
  me: Me
  "A day of classified blocks in \`tz\` (default UTC) (GET /v1/timeline)."
  timeline(day: String!, tz: String): Timeline
  "Minutes per category for seven days from \`start\` (GET /v1/timeline/week)."
  weekSummary(start: String!, tz: String): Week
  "Noisy averages of the people who share a label value (GET /v1/insights/labels): \`key\` is one of ${values(LABEL_KEYS)}."
  labelInsights(key: String!, value: String!): LabelInsight
  "Items for you now (GET /v1/recommendations): \`limit\` 1–100, default 10."
  recommendations(limit: Int, category: String): Recommendations
}

type Mutation {
  "Correct a block's category (POST /v1/timeline/{entryId}/feedback): \`category\` is one of ${values(CATEGORIES)}."
  submitFeedback(entryId: ID!, category: String!, note: String): TimelineEntry
}

enum LifeCategory { ${values(CATEGORIES)} }
enum Source { ${values(SOURCES)} }
enum LabelKey { ${values(LABEL_KEYS)} }
enum ClassifiedBy { correction learned baseline }
enum Tier { free pro }

type Me {
  userId: ID!
  firstSeenAt: String!
  lastSeenAt: String!
  openSockets: Int!
  lastMessageId: Int!
}

"Minutes per category; a category with no time is null."
type CategoryMinutes {
${categoryFields}
}

type Geo { place: String }

type TimelineEntry {
  id: ID!
  start: String!
  end: String!
  category: LifeCategory!
  confidence: Float!
  source: Source!
  sourceEventIds: [String!]!
  geo: Geo!
  classifiedBy: ClassifiedBy!
}

type Timeline {
  day: String!
  tz: String!
  hours: Float!
  entries: [TimelineEntry!]!
  archived: Boolean!
  "True, with no entries, for a day older than the caller's plan shows (kept, not deleted)."
  hidden: Boolean
}

type WeekDay { day: String! minutes: CategoryMinutes! hidden: Boolean }
type Week { start: String! tz: String! days: [WeekDay!]! }
type InsightCohort { key: LabelKey! value: String! size: Int }
type InsightWindow { days: Int tier: Tier! }
type InsightMargin { minutesPerDay: Float! exerciseDayShare: Float! }
type InsightMetrics { minutesPerDay: CategoryMinutes! exerciseDayShare: Float! margin95: InsightMargin! }

type InsightPrivacy {
  mechanism: String!
  sampler: String!
  epsilon: Float!
  cached: Boolean!
  minCohort: Int!
}

type LabelInsight {
  cohort: InsightCohort!
  window: InsightWindow!
  suppressed: Boolean
  metrics: InsightMetrics
  privacy: InsightPrivacy!
}

enum RecommendationReason { similar trending new }

type Recommendation {
  itemId: ID!
  score: Float!
  reason: String!
  reasonCode: RecommendationReason!
  basedOn: String
  title: String!
  category: String!
  price: Float!
  "ISO 4217 code of price: KRW, USD, EUR or JPY"
  currency: String!
}

type Recommendations {
  items: [Recommendation!]!
  "personalized, personalized+trending, trending or catalogue"
  strategy: String!
}
`;

const SOCIAL = /* GraphQL */ `
extend type Query {
  "Your feed (GET /v1/feed): \`limit\` 1–100, default 20; \`after\` is the previous page's \`nextCursor\`."
  feed(after: String, limit: Int = 20): PostPage
  """
  One post (GET /v1/posts/{id}): NOT_FOUND for a post you may not see (another person's private post,
  a followers-only post of someone you do not follow, an unknown id), PAYMENT_REQUIRED for a Pro-only
  community's post read on Free. Many \`post\` fields in one request are loaded together.
  """
  post(id: ID!): Post
  "Communities, newest first (GET /v1/communities): \`limit\` 1–100, default 20."
  communities(after: String, limit: Int = 20): CommunityPage
  "A challenge of a community you may read (PAYMENT_REQUIRED for a Pro-only community on Free)."
  challenge(id: ID!): Challenge
}

extend type Mutation {
  "Share a post (POST /v1/posts); the answer is the post as you now see it."
  createPost(input: PostInput!): Post
  "React once per type (POST /v1/posts/{id}/reactions; idempotent): \`type\` is like, cheer or insight."
  react(postId: ID!, type: String!): ReactionResult
  "Take a reaction back (DELETE /v1/posts/{id}/reactions/{type}; idempotent)."
  unreact(postId: ID!, type: String!): ReactionResult
  "Comment on a post (POST /v1/posts/{id}/comments): at most ${COMMENT_MAX_CHARS} characters, moderated before others see it."
  comment(postId: ID!, body: String!): CommentCreated
  "Join a community (POST /v1/communities/{id}/join); PAYMENT_REQUIRED for a Pro-only one on Free."
  joinCommunity(id: ID!): Community
  """
  Follow a person (\`userId\`, as POST /v1/follows/{userId}) or a label value (\`label\`, as
  POST /v1/follows/labels/{key}/{value}): give exactly one of the two.
  """
  follow(userId: ID, label: LabelInput): FollowResult
  "Stop following a person or a label value (the DELETE routes); exactly one of the two."
  unfollow(userId: ID, label: LabelInput): FollowResult
}

"A new post: \`body\` at most ${POST_MAX_CHARS} characters; \`visibility\` public, followers or private; one snapshot at most (\`timelineEntryId\` or \`day\`)."
input PostInput { body: String! timelineEntryId: String day: String visibility: String! }

"A label value to follow: \`key\` one of ${values(LABEL_KEYS)}."
input LabelInput { key: String! value: String! }
enum PostVisibility { public followers private }
enum ReactionType { like cheer insight }
enum Moderation { pending approved rejected }
enum SnapshotKind { entry day_stats day_timeline }
enum CommunityRole { owner moderator member }
enum ChallengeStatus { upcoming running ended }
enum ChallengeMetricKind { category_minutes_per_week exercise_days sleep_before }
type SnapshotBlock { start: String! end: String! category: LifeCategory! }

"What a post shows of its author's timeline: \`entry\` (kind entry), \`minutes\` (day_stats) or \`blocks\` (day_timeline); never places."
type PostSnapshot {
  kind: SnapshotKind!
  day: String!
  entry: SnapshotBlock
  minutes: CategoryMinutes
  blocks: [SnapshotBlock!]
}

type ReactionCounts { like: Int! cheer: Int! insight: Int! }

type Post {
  id: ID!
  authorId: ID!
  body: String!
  visibility: PostVisibility!
  communityId: ID
  snapshot: PostSnapshot
  reactions: ReactionCounts!
  "Your own reactions on this post."
  myReactions: [ReactionType!]!
  "Approved comments."
  commentCount: Int!
  createdAt: String!
}

type PostPage { items: [Post!]! nextCursor: String }
type ReactionResult { postId: ID! type: ReactionType! count: Int! reacted: Boolean! }
type CommentCreated { id: ID! moderation: Moderation! }
type FollowResult { following: Boolean! }

type Community {
  id: ID!
  title: String!
  description: String!
  ownerId: ID!
  proOnly: Boolean!
  memberCount: Int!
  "Your role, or null when you are not a member."
  myRole: CommunityRole
  createdAt: String!
}

type CommunityPage { items: [Community!]! nextCursor: String }

type ChallengeMetric {
  kind: ChallengeMetricKind!
  "For category_minutes_per_week."
  category: LifeCategory
  "For sleep_before: local HH:MM."
  time: String
}

type ChallengeProgress { value: Float! reachedAt: String }

type Challenge {
  id: ID!
  communityId: ID!
  title: String!
  metric: ChallengeMetric!
  target: Float!
  startAt: String!
  endAt: String!
  status: ChallengeStatus!
  "Your own progress, when you are a member."
  myProgress: ChallengeProgress
  createdAt: String!
}
`;

export const GRAPHQL_SDL = [CORE, SOCIAL].join("\n");
