import { handleGraphQL } from "../graphql/yoga";
import { createRouter } from "./types";

/**
 * Routes of the GraphQL gateway at /graphql (API.md "Social and communities": the same data and rules as
 * the REST routes). Auth, rate limits and the body limit are the app's middleware on /graphql (app.ts);
 * the OpenAPI description and the SDL are in docs.ts.
 */
export const graphqlRoutes = createRouter();
graphqlRoutes.on(["GET", "POST"], "/graphql", (c) => handleGraphQL(c));
