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
  CommunityParamSchema,
  CommunityPostCreateSchema,
  CommunityPostParamSchema,
} from "../../../schemas/communities";
import { CreatedSchema, PostListSchema } from "../../../schemas/social";
import { communityPosts, createCommunityPost, removeCommunityPost } from "../../services/social/communities";
import { createRouter, userOf } from "../types";

const tags = ["Communities"];

const create = createRoute({
  method: "post",
  path: "/communities/{id}/posts",
  tags,
  summary: "Post in a community (members only); the post is public and moderated like any other",
  description:
    "Takes a post's body and optional snapshot (`timelineEntryId` or `day`), without `visibility`: a community " +
    "post is `public`. Non-members get 403; a Free member of a Pro-only community, 402.",
  request: { params: CommunityParamSchema, ...jsonBody(CommunityPostCreateSchema) },
  responses: {
    201: json(CreatedSchema, "Created"),
    ...authedErrors,
    ...notFound,
    ...paymentRequired,
    403: problem("Only members post in a community"),
    422: problem("The snapshot breaks a rule (for example, your life-log is private)"),
  },
});

const list = createRoute({
  method: "get",
  path: "/communities/{id}/posts",
  tags,
  summary: "A community's posts, newest first (posts a moderator removed are left out)",
  description: "Anyone signed in reads a normal community's posts; a Pro-only community's posts need Pro (402).",
  request: { params: CommunityParamSchema, query: PageQuerySchema },
  responses: { 200: json(PostListSchema, "A page of posts"), ...readErrors, ...notFound, ...paymentRequired },
});

const remove = createRoute({
  method: "delete",
  path: "/communities/{id}/posts/{postId}",
  tags,
  summary: "Remove a post from the community (owners and moderators)",
  description:
    "Sets the post's `removed_at`: it leaves the community's list and only its author still sees it " +
    "(`GET /v1/posts/{id}`). Removing it again changes nothing. A post of another community is a 404.",
  request: { params: CommunityPostParamSchema },
  responses: {
    204: { description: "Removed" },
    ...readErrors,
    ...notFound,
    403: problem("Only owners and moderators remove posts"),
  },
});

export const communityPostRoutes = createRouter()
  .openapi(create, async (c) =>
    c.json(await createCommunityPost(c.env, userOf(c).id, c.req.valid("param").id, c.req.valid("json")), 201),
  )
  .openapi(list, async (c) =>
    c.json(await communityPosts(c.env, userOf(c).id, c.req.valid("param").id, c.req.valid("query")), 200),
  )
  .openapi(remove, async (c) => {
    const { id, postId } = c.req.valid("param");
    await removeCommunityPost(c.env, userOf(c).id, id, postId);
    return c.body(null, 204);
  });
