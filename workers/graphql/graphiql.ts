import type { MiddlewareHandler } from "hono";
import type { AppBindings } from "../api/types";

const VENDOR = "/vendor/graphiql";
const ICON =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Cpath d='M8 1 15 8 8 15 1 8z' fill='%23e10098'/%3E%3C/svg%3E";
const FIRST_QUERY = `# Edge Coach over GraphQL: the schema's own description (Docs, top left) lists limits and error codes.
{
  me { userId lastSeenAt }
  feed(limit: 5) { items { id body reactions { like cheer insight } } nextCursor }
  recommendations(limit: 3) { strategy items { title reason } }
}`;

/**
 * GraphiQL, vendored at install by scripts/vendor-assets.mjs (no CDN, nothing of it in the Worker's
 * bundle). Like /docs, the page signs itself in with a development token; the token route exists in
 * development only, and so does this page.
 */
const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Edge Coach · GraphiQL</title>
    <link rel="icon" href="${ICON}" />
    <link rel="stylesheet" href="${VENDOR}/graphiql.css" />
    <style>html, body, #root { height: 100%; margin: 0; }</style>
  </head>
  <body>
    <div id="root"></div>
    <script>
      const workers = { json: "json.worker.js", graphql: "graphql.worker.js" };
      self.MonacoEnvironment = {
        globalAPI: false,
        getWorkerUrl: (_, label) => "${VENDOR}/" + (workers[label] ?? "editor.worker.js"),
      };
    </script>
    <script src="${VENDOR}/graphiql.js"></script>
    <script>
      (async () => {
        let headers = "{}";
        try {
          const res = await fetch("/v1/auth/token", {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ userId: "graphiql-explorer" }),
          });
          if (res.ok) headers = JSON.stringify({ Authorization: "Bearer " + (await res.json()).token }, null, 2);
          else console.warn("no development token (" + res.status + "): paste one under Headers");
        } catch (error) {
          console.warn("no development token: paste one under Headers", error);
        }
        YogaGraphiQL.renderYogaGraphiQL(document.getElementById("root"), {
          endpoint: "/graphql",
          title: "Edge Coach · GraphiQL",
          headers,
          defaultQuery: ${JSON.stringify(FIRST_QUERY)},
        });
      })();
    </script>
  </body>
</html>`;

/**
 * In development only, a browser opening /graphql (GET, asking for HTML, no `query`) gets GraphiQL,
 * before authentication: a page cannot send a bearer token with its own navigation. Everywhere else,
 * and for every other request, /graphql is the API and this does nothing.
 */
export function graphiqlInDevelopment(): MiddlewareHandler<AppBindings> {
  return async function graphiqlInDevelopment(c, next) {
    const wanted =
      c.req.method === "GET" &&
      c.get("config").ENVIRONMENT === "development" &&
      (c.req.header("Accept") ?? "").includes("text/html") &&
      c.req.query("query") === undefined;
    if (!wanted) return next();
    return c.html(PAGE);
  };
}
