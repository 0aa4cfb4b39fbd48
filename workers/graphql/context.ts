import type { Context } from "hono";
import type { AppBindings } from "../api/types";
import type { Loaders } from "./loaders";

/**
 * What every resolver gets: the request's Hono context (so resolvers reach the caller's actors and
 * services through the same helpers as the REST routes, `userOf`, `lifelogActor`, `userActor`) and the
 * request's own DataLoaders. Built per request; nothing in it outlives the request.
 */
export type GraphQLContext = { c: Context<AppBindings>; loaders: Loaders };
