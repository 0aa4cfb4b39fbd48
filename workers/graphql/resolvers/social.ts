import {
  CommentCreateSchema,
  FeedQuerySchema,
  FollowLabelParamSchema,
  FollowUserParamSchema,
  PostCreateSchema,
  PostIdParamSchema,
  ReactionCreateSchema,
  ReactionParamSchema,
  type Post,
} from "../../../schemas/social";
import { userOf } from "../../api/types";
import { ValidationError } from "../../errors";
import { addComment } from "../../services/social/comments";
import { feedPage } from "../../services/social/feed";
import { followLabel, followUser, unfollowLabel, unfollowUser } from "../../services/social/follows";
import { createPost, getPost } from "../../services/social/posts";
import { react, unreact } from "../../services/social/reactions";
import { asQueryInt, parseArgs } from "../args";
import type { GraphQLContext } from "../context";

type Args = Record<string, unknown>;

/** GraphQL's explicit nulls dropped, so an input object reaches the REST body schema as JSON would. */
const withoutNulls = (input: unknown) =>
  Object.fromEntries(Object.entries((input ?? {}) as Args).filter(([, v]) => v !== null && v !== undefined));

/**
 * A post through the request's loader; one the loader did not return is asked of `getPost`, so the error
 * is the REST route's own (NOT_FOUND, or PAYMENT_REQUIRED for a Pro-only community's post).
 */
async function visiblePost({ c, loaders }: GraphQLContext, id: string): Promise<Post> {
  return (await loaders.post.load(id)) ?? getPost(c.env, userOf(c).id, id);
}

export const socialQueries = {
  feed: async (_: unknown, args: Args, ctx: GraphQLContext) => {
    const page = parseArgs(
      FeedQuerySchema,
      withoutNulls({ limit: asQueryInt(args.limit as number), cursor: args.after }),
    );
    const result = await feedPage(ctx.c.env, userOf(ctx.c).id, page);
    for (const post of result.items) ctx.loaders.post.prime(post.id, post);
    return result;
  },
  post: async (_: unknown, args: Args, ctx: GraphQLContext) =>
    visiblePost(ctx, parseArgs(PostIdParamSchema, { id: args.id }).id),
};

/** The follow mutations take a person or a label value, exactly one (as the two REST routes do). */
function followTarget(args: Args) {
  const hasUser = args.userId !== null && args.userId !== undefined;
  const hasLabel = args.label !== null && args.label !== undefined;
  if (hasUser === hasLabel)
    throw new ValidationError("give exactly one of userId and label", [
      { path: "userId", message: "give exactly one of userId and label" },
    ]);
  return hasUser
    ? { user: parseArgs(FollowUserParamSchema, { userId: args.userId }).userId }
    : { label: parseArgs(FollowLabelParamSchema, args.label) };
}

export const socialMutations = {
  createPost: async (_: unknown, args: Args, ctx: GraphQLContext) => {
    const input = parseArgs(PostCreateSchema, withoutNulls(args.input));
    const { id } = await createPost(ctx.c.env, userOf(ctx.c).id, input);
    return visiblePost(ctx, id);
  },
  react: async (_: unknown, args: Args, { c }: GraphQLContext) => {
    const { id } = parseArgs(PostIdParamSchema, { id: args.postId });
    const { type } = parseArgs(ReactionCreateSchema, { type: args.type });
    return react(c.env, userOf(c).id, id, type);
  },
  unreact: async (_: unknown, args: Args, { c }: GraphQLContext) => {
    const { id, type } = parseArgs(ReactionParamSchema, { id: args.postId, type: args.type });
    return unreact(c.env, userOf(c).id, id, type);
  },
  comment: async (_: unknown, args: Args, { c }: GraphQLContext) => {
    const { id } = parseArgs(PostIdParamSchema, { id: args.postId });
    const { body } = parseArgs(CommentCreateSchema, { body: args.body });
    return addComment(c.env, userOf(c).id, id, body);
  },
  follow: async (_: unknown, args: Args, { c }: GraphQLContext) => {
    const target = followTarget(args);
    const userId = userOf(c).id;
    return target.user !== undefined
      ? followUser(c.env, userId, target.user)
      : followLabel(c.env, userId, target.label.key, target.label.value);
  },
  unfollow: async (_: unknown, args: Args, { c }: GraphQLContext) => {
    const target = followTarget(args);
    const userId = userOf(c).id;
    return target.user !== undefined
      ? unfollowUser(c.env, userId, target.user)
      : unfollowLabel(c.env, userId, target.label.key, target.label.value);
  },
};
