// graphql-yoga behind a typed facade (yoga-server.d.ts). Yoga's typings import @whatwg-node/fetch,
// whose declarations carry `/// <reference lib="dom" />`: type-checking against them would put the DOM
// library into the whole program and break the Workers types of every other file. This module is the
// only place that imports Yoga; TypeScript sees the facade's declarations instead.
import { createSchema, createYoga } from "graphql-yoga";

/** A Yoga server for `/graphql` with the app's own error masking and plugins (see yoga.ts). */
export function buildYoga({ typeDefs, resolvers, maskError, plugins }) {
  return createYoga({
    schema: createSchema({ typeDefs, resolvers }),
    graphqlEndpoint: "/graphql",
    graphiql: false,
    landingPage: false,
    cors: false,
    batching: false,
    logging: false,
    maskedErrors: { maskError },
    plugins,
  });
}
