import { z } from "@hono/zod-openapi";
import { InsightQuerySchema } from "../../../schemas/insights";
import { EntryIdSchema, EntryFeedbackSchema, TimelineQuerySchema, WeekQuerySchema } from "../../../schemas/lifelog";
import type { Profile } from "../../../schemas/live";
import { RecommendationQuerySchema, type Recommendations } from "../../../schemas/events";
import { lifelogActor, userActor, userOf } from "../../api/types";
import { NotFoundError } from "../../errors";
import { compareLabel } from "../../services/insights";
import { readTimeline, readWeek } from "../../services/lifelog";
import { asQueryInt, orUndefined, parseArgs } from "../args";
import type { GraphQLContext } from "../context";

type Args = Record<string, unknown>;
const opt = (v: unknown) => orUndefined(v as string | null | undefined);

/** me, timeline, weekSummary, labelInsights, recommendations and submitFeedback: the REST routes' calls. */
export const lifelogQueries = {
  me: async (_: unknown, __: Args, { c }: GraphQLContext): Promise<Profile> => userActor(c).touch(userOf(c).id),
  timeline: async (_: unknown, args: Args, { c }: GraphQLContext) => {
    const { day, tz } = parseArgs(TimelineQuerySchema, { day: args.day, tz: opt(args.tz) });
    return readTimeline(c.env, userOf(c).id, day, tz);
  },
  weekSummary: async (_: unknown, args: Args, { c }: GraphQLContext) => {
    const { start, tz } = parseArgs(WeekQuerySchema, { start: args.start, tz: opt(args.tz) });
    return readWeek(c.env, userOf(c).id, start, tz);
  },
  labelInsights: async (_: unknown, args: Args, { c }: GraphQLContext) => {
    const query = parseArgs(InsightQuerySchema, { key: args.key, value: args.value });
    return (await compareLabel(c.env, userOf(c).id, query)).insight;
  },
  recommendations: async (_: unknown, args: Args, { c }: GraphQLContext) => {
    const query = parseArgs(RecommendationQuerySchema, {
      limit: asQueryInt(args.limit as number | null | undefined),
      category: opt(args.category),
    });
    // RPC stubs type rich results loosely; the actor returns Recommendations as declared (as in events.ts).
    return (await userActor(c).recommendations(query)) as Recommendations;
  },
};

export const lifelogMutations = {
  submitFeedback: async (_: unknown, args: Args, { c }: GraphQLContext) => {
    const { entryId } = parseArgs(z.object({ entryId: EntryIdSchema }), { entryId: args.entryId });
    const feedback = parseArgs(EntryFeedbackSchema, { category: args.category, note: opt(args.note) });
    const entry = await lifelogActor(c).correct(userOf(c).id, entryId, feedback);
    if (!entry) throw new NotFoundError(`no timeline entry ${entryId} (or its day is archived)`);
    return entry;
  },
};
