import { z } from "@hono/zod-openapi";

/**
 * The GraphQL gateway's HTTP envelope (GraphQL over HTTP: `POST /graphql` with a JSON body, `GET
 * /graphql` with query parameters for queries), validated before Yoga sees it. The schema the
 * queries run against is schemas/graphql.ts.
 */

const QUERY_MAX_CHARS = 100_000;
const VariablesSchema = z.record(z.string(), z.unknown());

export const GraphQLRequestSchema = z
  .object({
    query: z.string().min(1).max(QUERY_MAX_CHARS).openapi({ example: "{ me { userId } }" }),
    variables: VariablesSchema.nullable().optional(),
    operationName: z.string().max(200).nullable().optional(),
    extensions: z.record(z.string(), z.unknown()).nullable().optional(),
  })
  .openapi("GraphQLRequest", {
    example: {
      query:
        "query Recs($limit: Int) { recommendations(limit: $limit) { strategy items { title price currency reason } } }",
      variables: { limit: 5 },
      operationName: "Recs",
    },
  });
export type GraphQLRequest = z.infer<typeof GraphQLRequestSchema>;

/** `GET /graphql?query=…&variables=<JSON>&operationName=…`: queries only. */
export const GraphQLQueryParamsSchema = z.object({
  query: z.string().min(1).max(QUERY_MAX_CHARS).openapi({ example: "{ me { userId } }" }),
  variables: z
    .string()
    .max(QUERY_MAX_CHARS)
    .optional()
    .openapi({ description: "The variables as a JSON object", example: '{"day":"2026-12-04"}' }),
  operationName: z.string().max(200).optional(),
});

export const GraphQLErrorSchema = z
  .object({
    message: z.string(),
    path: z.array(z.union([z.string(), z.number().int()])).optional(),
    locations: z.array(z.object({ line: z.number().int(), column: z.number().int() })).optional(),
    extensions: z
      .object({
        code: z.string().openapi({ example: "NOT_FOUND" }),
        status: z.number().int().optional(),
        errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
      })
      .catchall(z.unknown())
      .optional(),
  })
  .openapi("GraphQLError");

export const GraphQLResponseSchema = z
  .object({
    data: z.record(z.string(), z.unknown()).nullable().optional(),
    errors: z.array(GraphQLErrorSchema).optional(),
  })
  .openapi("GraphQLResponse");
