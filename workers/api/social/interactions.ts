import { createRoute } from "@hono/zod-openapi";
import { authedErrors, json, jsonBody, notFound, paymentRequired, readErrors } from "../../../schemas/common";
import {
  CommentCreatedSchema,
  CommentCreateSchema,
  CommentListSchema,
  CommentQuerySchema,
  PostIdParamSchema,
  ReactionCreateSchema,
  ReactionParamSchema,
  ReactionResultSchema,
} from "../../../schemas/social";
import { addComment, listComments } from "../../services/social/comments";
import { react, unreact } from "../../services/social/reactions";
import { createRouter, userOf } from "../types";

const tags = ["Social"];
const params = { params: PostIdParamSchema };
const unseen = { ...notFound, ...paymentRequired };

const addReaction = createRoute({
  method: "post",
  path: "/posts/{id}/reactions",
  tags,
  summary: "React to a post (one reaction of each type per person; repeating it changes nothing)",
  request: { ...params, ...jsonBody(ReactionCreateSchema) },
  responses: { 200: json(ReactionResultSchema, "The post's count of that reaction"), ...authedErrors, ...unseen },
});

const removeReaction = createRoute({
  method: "delete",
  path: "/posts/{id}/reactions/{type}",
  tags,
  summary: "Take back your reaction",
  request: { params: ReactionParamSchema },
  responses: { 200: json(ReactionResultSchema, "The post's count of that reaction"), ...readErrors, ...unseen },
});

const comment = createRoute({
  method: "post",
  path: "/posts/{id}/comments",
  tags,
  summary: "Comment on a post; moderation decides whether others see it",
  description:
    "Links and runs of 8 or more of the same character (ㅋㅋㅋㅋㅋㅋㅋㅋ too) are held `pending`; words from a Korean " +
    "and English list are `rejected`; the rest is `approved`. Only approved comments are shown to others.",
  request: { ...params, ...jsonBody(CommentCreateSchema) },
  responses: { 201: json(CommentCreatedSchema, "The comment and its moderation"), ...authedErrors, ...unseen },
});

const comments = createRoute({
  method: "get",
  path: "/posts/{id}/comments",
  tags,
  summary: "A post's comments, oldest first: approved ones and your own (with their moderation reason)",
  request: { ...params, query: CommentQuerySchema },
  responses: { 200: json(CommentListSchema, "A page of comments"), ...readErrors, ...unseen },
});

export const interactionRoutes = createRouter()
  .openapi(addReaction, async (c) => {
    const { id } = c.req.valid("param");
    return c.json(await react(c.env, userOf(c).id, id, c.req.valid("json").type), 200);
  })
  .openapi(removeReaction, async (c) => {
    const { id, type } = c.req.valid("param");
    return c.json(await unreact(c.env, userOf(c).id, id, type), 200);
  })
  .openapi(comment, async (c) => {
    const { id } = c.req.valid("param");
    return c.json(await addComment(c.env, userOf(c).id, id, c.req.valid("json").body), 201);
  })
  .openapi(comments, async (c) => {
    const { id } = c.req.valid("param");
    return c.json(await listComments(c.env, userOf(c).id, id, c.req.valid("query")), 200);
  });
