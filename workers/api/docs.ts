import { createRoute } from "@hono/zod-openapi";
import { json, problem } from "../../schemas/common";
import { GRAPHQL_MAX_COST, GRAPHQL_MAX_DEPTH, GRAPHQL_SDL } from "../../schemas/graphql";
import { GraphQLQueryParamsSchema, GraphQLRequestSchema, GraphQLResponseSchema } from "../../schemas/graphql-http";
import { createRouter } from "./types";

const docs = createRoute({
  method: "get",
  path: "/docs",
  tags: ["System"],
  summary: "Interactive API documentation (HTML, works offline)",
  security: [],
  responses: { 200: { description: "The docs page", content: { "text/html": { schema: { type: "string" } } } } },
});

const GRAPHQL_DESCRIPTION =
  "The GraphQL gateway: the same data, rules and errors as the REST routes (schema: `GET /graphql/schema.graphql`). " +
  "GraphQL errors come back in a 200 as `errors[]` with `extensions.code` (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, " +
  "PAYMENT_REQUIRED with `upgrade: true`, RULE_VIOLATION, RATE_LIMITED…); unexpected ones are masked. " +
  `Queries deeper than ${GRAPHQL_MAX_DEPTH} levels (QUERY_TOO_DEEP) or costing more than ${GRAPHQL_MAX_COST} ` +
  "(QUERY_TOO_COMPLEX; a list counts once per item of its `limit`) are refused before anything runs. " +
  "The bearer token, rate limits and body limit are the /v1 ones; a refused token, a malformed envelope or " +
  "variables that do not fit their types are problem+json.";
const graphqlResponses = {
  200: json(GraphQLResponseSchema, "`data`, and `errors` with `extensions.code` for each field that failed"),
  400: problem("The envelope failed validation, or the variables do not fit their declared types"),
  401: problem("Missing, invalid or expired bearer token"),
  429: problem("Too many requests; retry after `Retry-After` seconds"),
};

const graphqlPost = createRoute({
  method: "post",
  path: "/graphql",
  tags: ["GraphQL"],
  summary: "Run a GraphQL query or mutation",
  description: GRAPHQL_DESCRIPTION,
  request: { body: { content: { "application/json": { schema: GraphQLRequestSchema } }, required: true } },
  responses: {
    ...graphqlResponses,
    413: problem("The request body is larger than the configured limit"),
    415: problem("Send the body as JSON with `Content-Type: application/json`"),
  },
});

const graphqlGet = createRoute({
  method: "get",
  path: "/graphql",
  tags: ["GraphQL"],
  summary: "Run a GraphQL query (queries only: a mutation is refused with 405)",
  description: GRAPHQL_DESCRIPTION,
  request: { query: GraphQLQueryParamsSchema },
  responses: { ...graphqlResponses, 405: problem("A mutation over GET; send it with POST") },
});

const graphqlSchema = createRoute({
  method: "get",
  path: "/graphql/schema.graphql",
  tags: ["GraphQL"],
  summary: "The GraphQL schema (SDL), with its limits and error codes in the descriptions",
  security: [],
  responses: { 200: { description: "The SDL", content: { "text/plain": { schema: { type: "string" } } } } },
});

/**
 * The page itself is a static asset (public/docs/index.html: swagger-ui, vendored at install, renders
 * `/openapi.json` with no CDN). This route serves it at `/docs` itself; the asset router alone would
 * redirect `/docs` to the folder's `/docs/`. The GraphQL gateway is documented here too: its operations
 * (served by api/graphql.ts) and its schema as SDL.
 */
export const docsPage = createRouter();
docsPage.openAPIRegistry.registerPath(docs);
docsPage.get("/docs", async (c) => {
  const asset = await c.env.ASSETS.fetch(new URL("/docs/", c.req.url));
  return new Response(asset.body, { status: asset.status, headers: asset.headers });
});
docsPage.openAPIRegistry.registerPath(graphqlPost);
docsPage.openAPIRegistry.registerPath(graphqlGet);
docsPage.openAPIRegistry.registerPath(graphqlSchema);
docsPage.get("/graphql/schema.graphql", (c) =>
  c.body(GRAPHQL_SDL, 200, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "public, max-age=300" }),
);
