import { createRoute } from "@hono/zod-openapi";
import {
  authedErrors,
  json,
  jsonBody,
  notFound,
  PageQuerySchema,
  paymentRequired,
  problem,
  readErrors,
} from "../../../schemas/common";
import {
  ChallengeCreateSchema,
  ChallengeListSchema,
  ChallengeParamSchema,
  CommunityParamSchema,
  LeaderboardSchema,
} from "../../../schemas/communities";
import { CreatedSchema } from "../../../schemas/social";
import { createChallenge, leaderboard, listChallenges } from "../../services/social/challenges";
import { createRouter, userOf } from "../types";

const tags = ["Communities"];
const pro = paymentRequired;

const create = createRoute({
  method: "post",
  path: "/communities/{id}/challenges",
  tags,
  summary: "Create a challenge (owners and moderators)",
  description:
    "`metric` is what counts, from members' day summaries over [startAt, endAt): `category_minutes_per_week` " +
    "(minutes of the category in the window ÷ weeks elapsed, at least 1), `exercise_days` (days with exercise) " +
    "or `sleep_before` (days whose sleep began before `time`, local). A day belongs to the window when its " +
    "middle does. The window must end in the future and last at most 366 days (422).",
  request: { params: CommunityParamSchema, ...jsonBody(ChallengeCreateSchema) },
  responses: {
    201: json(CreatedSchema, "Created"),
    ...authedErrors,
    ...notFound,
    ...pro,
    403: problem("Only owners and moderators create challenges"),
    422: problem("The window has already ended or is longer than 366 days"),
  },
});

const list = createRoute({
  method: "get",
  path: "/communities/{id}/challenges",
  tags,
  summary: "The community's challenges, newest first, with your own progress when you are a member",
  request: { params: CommunityParamSchema, query: PageQuerySchema },
  responses: { 200: json(ChallengeListSchema, "A page of challenges"), ...readErrors, ...notFound, ...pro },
});

const board = createRoute({
  method: "get",
  path: "/communities/{id}/challenges/{challengeId}/leaderboard",
  tags,
  summary: "A challenge's leaderboard",
  description:
    "Ordered by value (highest first), then by who reached the target first, then by user id. Members whose " +
    "life-log privacy is `private` appear only on their own view. A Pro-only community's leaderboard needs Pro (402).",
  request: { params: ChallengeParamSchema, query: PageQuerySchema },
  responses: { 200: json(LeaderboardSchema, "A page of the leaderboard"), ...readErrors, ...notFound, ...pro },
});

export const communityChallengeRoutes = createRouter()
  .openapi(create, async (c) =>
    c.json(await createChallenge(c.env, userOf(c).id, c.req.valid("param").id, c.req.valid("json")), 201),
  )
  .openapi(list, async (c) =>
    c.json(await listChallenges(c.env, userOf(c).id, c.req.valid("param").id, c.req.valid("query")), 200),
  )
  .openapi(board, async (c) => {
    const { id, challengeId } = c.req.valid("param");
    return c.json(await leaderboard(c.env, userOf(c).id, id, challengeId, c.req.valid("query")), 200);
  });
