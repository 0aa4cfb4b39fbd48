import { createRoute } from "@hono/zod-openapi";
import { createRouter } from "./types";

const docs = createRoute({
  method: "get",
  path: "/docs",
  tags: ["System"],
  summary: "Interactive API documentation (HTML, works offline)",
  security: [],
  responses: { 200: { description: "The docs page", content: { "text/html": { schema: { type: "string" } } } } },
});

/**
 * The page itself is a static asset (public/docs/index.html: swagger-ui, vendored at install, renders
 * `/openapi.json` with no CDN). This route serves it at `/docs` itself; the asset router alone would
 * redirect `/docs` to the folder's `/docs/`.
 */
export const docsPage = createRouter();
docsPage.openAPIRegistry.registerPath(docs);
docsPage.get("/docs", async (c) => {
  const asset = await c.env.ASSETS.fetch(new URL("/docs/", c.req.url));
  return new Response(asset.body, { status: asset.status, headers: asset.headers });
});
