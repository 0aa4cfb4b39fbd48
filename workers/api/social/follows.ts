import { createRoute } from "@hono/zod-openapi";
import { json, problem, readErrors } from "../../../schemas/common";
import { FollowLabelParamSchema, FollowResultSchema, FollowUserParamSchema } from "../../../schemas/social";
import { followLabel, followUser, unfollowLabel, unfollowUser } from "../../services/social/follows";
import { createRouter, userOf } from "../types";

const tags = ["Social"];
const result = json(FollowResultSchema, "Whether you follow it now");

const follow = createRoute({
  method: "post",
  path: "/follows/{userId}",
  tags,
  summary: "Follow a person (repeating it changes nothing); their recent posts join your feed",
  request: { params: FollowUserParamSchema },
  responses: { 200: result, ...readErrors, 422: problem("You cannot follow yourself") },
});

const unfollow = createRoute({
  method: "delete",
  path: "/follows/{userId}",
  tags,
  summary: "Stop following a person: their followers-only posts are hidden from you at once",
  request: { params: FollowUserParamSchema },
  responses: { 200: result, ...readErrors },
});

const followLabelRoute = createRoute({
  method: "post",
  path: "/follows/labels/{key}/{value}",
  tags,
  summary: "Follow a label value: public posts by people who show that label publicly join your feed",
  description: "Values compare like labels do: case, spacing and Hangul composition do not matter.",
  request: { params: FollowLabelParamSchema },
  responses: { 200: result, ...readErrors },
});

const unfollowLabelRoute = createRoute({
  method: "delete",
  path: "/follows/labels/{key}/{value}",
  tags,
  summary: "Stop following a label value",
  request: { params: FollowLabelParamSchema },
  responses: { 200: result, ...readErrors },
});

export const followRoutes = createRouter()
  .openapi(follow, async (c) => c.json(await followUser(c.env, userOf(c).id, c.req.valid("param").userId), 200))
  .openapi(unfollow, async (c) => c.json(await unfollowUser(c.env, userOf(c).id, c.req.valid("param").userId), 200))
  .openapi(followLabelRoute, async (c) => {
    const { key, value } = c.req.valid("param");
    return c.json(await followLabel(c.env, userOf(c).id, key, value), 200);
  })
  .openapi(unfollowLabelRoute, async (c) => {
    const { key, value } = c.req.valid("param");
    return c.json(await unfollowLabel(c.env, userOf(c).id, key, value), 200);
  });
