import { createRouter } from "./types";

/** Routes of the GraphQL gateway at /graphql (API.md "Social and communities": the same data and rules as the REST routes). */
export const graphqlRoutes = createRouter();
