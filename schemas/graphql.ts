import { LABEL_KEYS } from "./labels";
import { CATEGORIES, SOURCES } from "./lifelog";

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
most ${GRAPHQL_MAX_COST} (QUERY_TOO_COMPLEX). Every field costs 1; a field with a \`limit\` argument
multiplies the cost of everything under it by that limit (by its maximum, 100, when the limit is a
variable; by its default when omitted).
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

type Geo {
  place: String
}

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
}

type WeekDay {
  day: String!
  minutes: CategoryMinutes!
}

type Week {
  start: String!
  tz: String!
  days: [WeekDay!]!
}

type InsightCohort {
  key: LabelKey!
  value: String!
  size: Int
}

type InsightWindow {
  days: Int
  tier: Tier!
}

type InsightMargin {
  minutesPerDay: Float!
  exerciseDayShare: Float!
}

type InsightMetrics {
  minutesPerDay: CategoryMinutes!
  exerciseDayShare: Float!
  margin95: InsightMargin!
}

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
}

type Recommendations {
  items: [Recommendation!]!
  "personalized, personalized+trending, trending or catalogue"
  strategy: String!
}
`;

export const GRAPHQL_SDL = [CORE].join("\n");
