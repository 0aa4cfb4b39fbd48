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
  CommunityCreateSchema,
  CommunityListSchema,
  CommunityParamSchema,
  CommunitySchema,
  MemberParamSchema,
  MemberSchema,
  MemberUpdateSchema,
} from "../../../schemas/communities";
import { CreatedSchema } from "../../../schemas/social";
import {
  createCommunity,
  getCommunity,
  joinCommunity,
  leaveCommunity,
  listCommunities,
  setMemberRole,
} from "../../services/social/communities";
import { createRouter, userOf } from "../types";

const tags = ["Communities"];
const params = { params: CommunityParamSchema };
const community = json(CommunitySchema, "The community, with your role in it");

const create = createRoute({
  method: "post",
  path: "/communities",
  tags,
  summary: "Create a community; you become its owner",
  description: "A Pro-only community (`proOnly: true`) can only be created by a Pro member (402 otherwise).",
  request: jsonBody(CommunityCreateSchema),
  responses: { 201: json(CreatedSchema, "Created"), ...authedErrors, ...paymentRequired },
});

const list = createRoute({
  method: "get",
  path: "/communities",
  tags,
  summary: "Communities, newest first, each with your role (Pro-only ones are listed for everyone)",
  request: { query: PageQuerySchema },
  responses: { 200: json(CommunityListSchema, "A page of communities"), ...readErrors },
});

const get = createRoute({
  method: "get",
  path: "/communities/{id}",
  tags,
  summary: "A community and your role in it",
  request: params,
  responses: { 200: community, ...readErrors, ...notFound },
});

const join = createRoute({
  method: "post",
  path: "/communities/{id}/join",
  tags,
  summary: "Join a community (joining again changes nothing)",
  description:
    "Joining a Pro-only community as a Free member answers 402 with `upgrade: true`, limit `pro_communities`.",
  request: params,
  responses: { 200: community, ...readErrors, ...notFound, ...paymentRequired },
});

const leave = createRoute({
  method: "post",
  path: "/communities/{id}/leave",
  tags,
  summary: "Leave a community (leaving when not a member changes nothing)",
  request: params,
  responses: {
    200: community,
    ...readErrors,
    ...notFound,
    422: problem("You are its last owner, and a community keeps an owner"),
  },
});

const setRole = createRoute({
  method: "put",
  path: "/communities/{id}/members/{userId}",
  tags,
  summary: "Promote, demote or remove a member",
  description:
    "Owners set `moderator` or `member`; owners and moderators set `removed`, but a moderator removes only " +
    "members (not owners or other moderators). Anyone else gets 403; a user who is not a member, 404.",
  request: { params: MemberParamSchema, ...jsonBody(MemberUpdateSchema) },
  responses: {
    200: json(MemberSchema, "The member's new role (null once removed)"),
    ...authedErrors,
    ...notFound,
    403: problem("Your role may not make this change"),
    422: problem("The change would leave the community without an owner"),
  },
});

export const communityCoreRoutes = createRouter()
  .openapi(create, async (c) => c.json(await createCommunity(c.env, userOf(c).id, c.req.valid("json")), 201))
  .openapi(list, async (c) => c.json(await listCommunities(c.env, userOf(c).id, c.req.valid("query")), 200))
  .openapi(get, async (c) => c.json(await getCommunity(c.env, userOf(c).id, c.req.valid("param").id), 200))
  .openapi(join, async (c) => c.json(await joinCommunity(c.env, userOf(c).id, c.req.valid("param").id), 200))
  .openapi(leave, async (c) => c.json(await leaveCommunity(c.env, userOf(c).id, c.req.valid("param").id), 200))
  .openapi(setRole, async (c) => {
    const { id, userId } = c.req.valid("param");
    return c.json(await setMemberRole(c.env, userOf(c).id, id, userId, c.req.valid("json")), 200);
  });
