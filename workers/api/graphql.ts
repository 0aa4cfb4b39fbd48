import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ZodError } from "zod";
import { GraphQLQueryParamsSchema, GraphQLRequestSchema, GraphQLResponseSchema } from "../../schemas/graphql-http";
import { fieldErrorsOf, ValidationError } from "../errors";
import { handleGraphQL } from "../graphql/yoga";

export { graphiqlInDevelopment } from "../graphql/graphiql";
import { problemResponse } from "./problem";
import { createRouter, type AppBindings } from "./types";

const TYPE_BASE = "https://edge-coach.dev/problems/";

function validated<T>(result: { success: true; data: T } | { success: false; error: ZodError }, where: string): T {
  if (!result.success)
    throw new ValidationError(`the GraphQL request's ${where} failed validation`, fieldErrorsOf(result.error));
  return result.data;
}

/**
 * The GraphQL-over-HTTP envelope checked by the schemas in schemas/graphql-http.ts, then handed to Yoga as a
 * fresh request asking for `application/json`: GraphQL's own errors (syntax, validation, limits,
 * resolvers) then come back as a 200 with `errors[]`, and a malformed envelope is a problem+json 400
 * like any REST route's.
 */
async function envelope(c: Context<AppBindings>): Promise<Request> {
  const headers = { Accept: "application/json" };
  if (c.req.method === "GET") {
    const params = validated(GraphQLQueryParamsSchema.safeParse(c.req.query()), "query string");
    if (params.variables !== undefined) {
      let variables: unknown;
      try {
        variables = JSON.parse(params.variables);
      } catch {
        throw new ValidationError("`variables` is not JSON", [{ path: "variables", message: "must be a JSON object" }]);
      }
      validated(GraphQLRequestSchema.shape.variables.safeParse(variables), "variables");
    }
    return new Request(c.req.url, { method: "GET", headers });
  }
  if (!/^application\/(graphql-response\+)?json\b/i.test(c.req.header("Content-Type") ?? ""))
    throw new HTTPException(415, { message: "Unsupported Media Type" });
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new HTTPException(400, { message: "Malformed JSON in request body" });
  }
  const request = validated(GraphQLRequestSchema.safeParse(body), "body");
  return new Request(c.req.url, {
    method: "POST",
    headers: { ...headers, "Content-Type": "application/json" },
    body: JSON.stringify(request),
  });
}

/**
 * Yoga answers a request it refuses outright (a mutation over GET: 405) with a GraphQL body; the API's
 * refusals are problem+json, so it is re-dressed as one, keeping Yoga's status and headers (`Allow`).
 */
async function asProblem(c: Context<AppBindings>, res: Response): Promise<Response> {
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not a GraphQL body: the generic detail below says what happened
  }
  const body = GraphQLResponseSchema.safeParse(json);
  const detail = body.success ? (body.data.errors ?? []).map((e) => e.message).join("; ") : "";
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    if (!/^content-(type|length)$/i.test(name)) headers[name] = value;
  });
  return problemResponse(
    c,
    {
      type: res.status === 405 ? `${TYPE_BASE}method-not-allowed` : "about:blank",
      title: res.status === 405 ? "Method not allowed" : res.statusText || "GraphQL request refused",
      status: res.status,
      detail: detail || "the GraphQL request was refused",
      instance: "/graphql",
      requestId: c.get("requestId"),
    },
    headers,
  );
}

/**
 * Routes of the GraphQL gateway at /graphql (API.md "Social and communities": the same data and rules as
 * the REST routes). Auth, rate limits and the body limit are the app's middleware on /graphql (app.ts);
 * the OpenAPI description and the SDL are in docs.ts.
 */
export const graphqlRoutes = createRouter();
graphqlRoutes.on(["GET", "POST"], "/graphql", async (c) => {
  const res = await handleGraphQL(c, await envelope(c));
  return res.status >= 400 ? asProblem(c, res) : res;
});
