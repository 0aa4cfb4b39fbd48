import { createRoute } from "@hono/zod-openapi";
import { authedErrors, json, jsonBody, notFound, paymentRequired, problem, readErrors } from "../../schemas/common";
import {
  CreatedSchema,
  FeedQuerySchema,
  PostCreateSchema,
  PostIdParamSchema,
  PostListSchema,
  PostSchema,
} from "../../schemas/social";
import { feedPage } from "../services/social/feed";
import { createPost, deletePost, getPost } from "../services/social/posts";
import { followRoutes } from "./social/follows";
import { interactionRoutes } from "./social/interactions";
import { createRouter, userOf } from "./types";

const tags = ["Social"];
const params = { params: PostIdParamSchema };

const create = createRoute({
  method: "post",
  path: "/posts",
  tags,
  summary: "Share a post, optionally with a snapshot of one timeline entry or one day",
  description:
    "`body` is at most 5,000 characters (Hangul counts one per character). A snapshot follows your life-log " +
    "privacy level: `private` allows only a `private` post; `stats_only` shares a day as minutes per category " +
    "(an entry is refused); `anonymized_timeline` shares the entry or the day's blocks with categories and " +
    "times. Places are never shared. Days are in your time zone.",
  request: jsonBody(PostCreateSchema),
  responses: {
    201: json(CreatedSchema, "The post's id"),
    ...authedErrors,
    422: problem("The snapshot breaks your privacy level, or the entry is not on your timeline"),
  },
});

const one = createRoute({
  method: "get",
  path: "/posts/{id}",
  tags,
  summary: "One post: public ones, followers-only ones while you follow the author, and your own",
  request: params,
  responses: { 200: json(PostSchema, "The post"), ...readErrors, ...notFound, ...paymentRequired },
});

const remove = createRoute({
  method: "delete",
  path: "/posts/{id}",
  tags,
  summary: "Delete your post with its reactions and comments",
  request: params,
  responses: { 204: { description: "Deleted" }, ...readErrors, ...notFound },
});

const feed = createRoute({
  method: "get",
  path: "/feed",
  tags,
  summary: "Your feed: people and labels you follow and popular public posts, newest first with a popularity boost",
  description:
    "The first page fixes the order of the whole feed for an hour: later pages (`cursor`) neither repeat nor " +
    "skip a post while new posts arrive or reactions change. An expired cursor is a 400; start again.",
  request: { query: FeedQuerySchema },
  responses: { 200: json(PostListSchema, "A page of posts"), ...readErrors },
});

export const postRoutes = createRouter()
  .openapi(create, async (c) => c.json(await createPost(c.env, userOf(c).id, c.req.valid("json")), 201))
  .openapi(one, async (c) => c.json(await getPost(c.env, userOf(c).id, c.req.valid("param").id), 200))
  .openapi(remove, async (c) => {
    await deletePost(c.env, userOf(c).id, c.req.valid("param").id);
    return c.body(null, 204);
  })
  .openapi(feed, async (c) => c.json(await feedPage(c.env, userOf(c).id, c.req.valid("query")), 200))
  .route("/", interactionRoutes)
  .route("/", followRoutes);
