import { PageQuerySchema } from "../../../schemas/common";
import { ChallengeParamSchema, CommunityParamSchema } from "../../../schemas/communities";
import { userOf } from "../../api/types";
import { getChallenge } from "../../services/social/challenges";
import { joinCommunity, listCommunities } from "../../services/social/communities";
import { asQueryInt, parseArgs } from "../args";
import type { GraphQLContext } from "../context";

type Args = Record<string, unknown>;

export const communityQueries = {
  communities: async (_: unknown, args: Args, { c }: GraphQLContext) => {
    const page = parseArgs(PageQuerySchema, {
      limit: asQueryInt(args.limit as number | null | undefined),
      cursor: args.after ?? undefined,
    });
    return listCommunities(c.env, userOf(c).id, page);
  },
  challenge: async (_: unknown, args: Args, { c }: GraphQLContext) => {
    const { challengeId } = parseArgs(ChallengeParamSchema.pick({ challengeId: true }), { challengeId: args.id });
    return getChallenge(c.env, userOf(c).id, challengeId);
  },
};

export const communityMutations = {
  joinCommunity: async (_: unknown, args: Args, { c }: GraphQLContext) =>
    joinCommunity(c.env, userOf(c).id, parseArgs(CommunityParamSchema, { id: args.id }).id),
};
