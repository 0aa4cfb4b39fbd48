import type { Context } from "hono";
import { GRAPHQL_MAX_COST, GRAPHQL_MAX_DEPTH, GRAPHQL_ROOT_FIELD_COST, GRAPHQL_SDL } from "../../schemas/graphql";
import type { AppBindings } from "../api/types";
import { log } from "../log";
import type { GraphQLContext } from "./context";
import { isUnexpected, maskError } from "./errors";
import { queryLimits } from "./limits";
import { createLoaders } from "./loaders";
import { communityMutations, communityQueries } from "./resolvers/communities";
import { lifelogMutations, lifelogQueries } from "./resolvers/lifelog";
import { socialMutations, socialQueries } from "./resolvers/social";
import { buildYoga, type GatewayPlugin } from "./yoga-server";

export const resolvers = {
  Query: { ...lifelogQueries, ...socialQueries, ...communityQueries },
  Mutation: { ...lifelogMutations, ...socialMutations, ...communityMutations },
};

/** The depth and cost limits run with GraphQL's own validation, before any resolver. */
const useQueryLimits = (): GatewayPlugin<GraphQLContext> => ({
  onValidate({ addValidationRule }) {
    addValidationRule(
      queryLimits({ maxDepth: GRAPHQL_MAX_DEPTH, maxCost: GRAPHQL_MAX_COST, rootFieldCost: GRAPHQL_ROOT_FIELD_COST }),
    );
  },
});

/** Errors that are masked for the client are logged here, with the request id, like the REST 500s. */
const useErrorLog = (): GatewayPlugin<GraphQLContext> => ({
  onExecute() {
    return {
      onExecuteDone({ result, args }) {
        if (!("errors" in result) || !result.errors) return;
        for (const error of result.errors.filter(isUnexpected)) {
          const original = error.originalError;
          log(args.contextValue.c, "error", "unhandled GraphQL error", {
            error: original ? `${original.name}: ${original.message}` : error.message,
            stack: original?.stack,
            path: error.path?.join("."),
          });
        }
      },
    };
  },
});

/**
 * One Yoga for the Worker (the schema is built once); each request brings its own Hono context and
 * DataLoaders. Yoga speaks GraphQL over HTTP: GET runs queries only (a mutation is 405), POST both.
 * CORS, auth and limits are the app's middleware, so Yoga's own CORS, GraphiQL and landing page are off.
 */
const yoga = buildYoga<GraphQLContext>({
  typeDefs: GRAPHQL_SDL,
  resolvers,
  maskError,
  plugins: [useQueryLimits(), useErrorLog()],
});

/** Runs one GraphQL-over-HTTP request (already checked by the route) for the caller of `c`. */
export function handleGraphQL(c: Context<AppBindings>, request: Request): Promise<Response> {
  return Promise.resolve(yoga.fetch(request, { c, loaders: createLoaders(c) }));
}
