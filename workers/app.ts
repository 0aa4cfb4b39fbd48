import { analyticsReportRoutes } from "./api/analytics-reports";
import { auth } from "./api/auth";
import { billingRoutes } from "./api/billing";
import { catalogue } from "./api/catalogue";
import { coach } from "./api/coach";
import { communityRoutes } from "./api/communities";
import { graphiqlInDevelopment, graphqlRoutes } from "./api/graphql";
import { interview } from "./api/interview";
import { insightRoutes } from "./api/insights";
import { knowledge } from "./api/knowledge";
import { labelRoutes } from "./api/labels";
import { lifelogRoutes } from "./api/lifelog";
import { llmAdmin } from "./api/llm-admin";
import { postRoutes } from "./api/posts";
import { reportRoutes } from "./api/reports";
import { retrospectRoutes } from "./api/retrospects";
import { requestLog } from "./api/middleware/request-log";
import { eventRoutes } from "./api/events";
import { erasureRoutes } from "./api/erasure";
import { exportRoutes } from "./api/export";
import { deadLetterRoutes } from "./api/dead-letters";
import { faults } from "./api/faults";
import { notifications } from "./api/notifications";
import { docsPage } from "./api/docs";
import { live } from "./api/live";
import { authenticate } from "./api/middleware/authenticate";
import { bodySizeLimit } from "./api/middleware/body-size-limit";
import { corsFromConfig } from "./api/middleware/cors-from-config";
import { idempotency } from "./api/middleware/idempotency";
import { rateLimit } from "./api/middleware/rate-limit";
import { requestContext } from "./api/middleware/request-context";
import { requestLogger } from "./api/middleware/request-logger";
import { onError, onNotFound } from "./api/problem";
import { system } from "./api/system";
import { createRouter } from "./api/types";
import { widget } from "./api/widget";

/** `/v1` paths reachable without a token (API.md marks them *public*). */
export const PUBLIC_V1_PATHS: ReadonlySet<string> = new Set(["/v1/auth/token", "/v1/billing/webhook"]);
/**
 * Public `/v1` paths with a parameter: a shared report link (`/v1/shared/{token}`) carries its own
 * signature; an erasure receipt (`/v1/erasures/{id}`) holds no personal data and outlives the account.
 */
const PUBLIC_V1_PATTERNS: readonly RegExp[] = [/^\/v1\/shared\/[^/]+$/, /^\/v1\/erasures\/[^/]+$/];
export const isPublicV1Path = (path: string) =>
  PUBLIC_V1_PATHS.has(path) || PUBLIC_V1_PATTERNS.some((p) => p.test(path));

export function createApp() {
  const app = createRouter();
  app.onError(onError);
  app.notFound(onNotFound);

  app.use("*", requestContext());
  app.use("*", requestLogger());
  app.use("*", corsFromConfig());
  // Coaching requests are always logged (latency and provider are the coach's own metrics); with the
  // Postgres archive configured, every /v1 request is, refused ones (401, 429) too (API.md:
  // api_request_logs). One queue message per request: without an archive, the rest of the API does not pay.
  app.use(
    "/v1/*",
    requestLog("api", (c) => c.req.path.startsWith("/v1/coach/") || c.env.HYPERDRIVE !== undefined),
  );
  app.use("/v1/*", rateLimit("ip"));
  app.use("/v1/*", bodySizeLimit());
  app.use("/v1/*", authenticate(isPublicV1Path));
  app.use("/v1/*", rateLimit("user"));
  app.use("/v1/*", idempotency());
  // The GraphQL gateway is outside /v1 and behind the same front door (DESIGN.md: no rule in one door only).
  app.use(
    "/graphql",
    requestLog("api", (c) => c.env.HYPERDRIVE !== undefined),
  );
  app.use("/graphql", rateLimit("ip"));
  app.use("/graphql", bodySizeLimit());
  app.use("/graphql", graphiqlInDevelopment());
  app.use(
    "/graphql",
    authenticate(() => false),
  );
  app.use("/graphql", rateLimit("user"));

  app.route("/", system);
  app.route("/", docsPage);
  app.route("/", widget);
  app.route("/", graphqlRoutes);
  app.route("/v1", auth);
  app.route("/v1", live);
  app.route("/v1", catalogue);
  app.route("/v1", eventRoutes);
  app.route("/v1", notifications);
  app.route("/v1", coach);
  app.route("/v1", knowledge);
  app.route("/v1", retrospectRoutes);
  app.route("/v1", reportRoutes);
  app.route("/v1", interview);
  app.route("/v1", lifelogRoutes);
  app.route("/v1", labelRoutes);
  app.route("/v1", insightRoutes);
  app.route("/v1", postRoutes);
  app.route("/v1", communityRoutes);
  app.route("/v1", billingRoutes);
  app.route("/v1", analyticsReportRoutes);
  app.route("/v1", exportRoutes);
  app.route("/v1", erasureRoutes);
  app.route("/v1", llmAdmin);
  app.route("/v1", deadLetterRoutes);
  app.route("/v1", faults);

  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
  });
  app.doc31("/openapi.json", (c) => ({
    openapi: "3.1.0",
    info: {
      title: "Edge Coach API",
      version: "1.0.0",
      description:
        "Personal growth and real-time personalization on Cloudflare's edge. Errors are RFC 9457 " +
        "problem+json; lists are `{items, nextCursor}`. Every /v1 route except the public ones needs a bearer JWT.",
    },
    servers: [{ url: new URL(c.req.url).origin }],
    security: [{ bearer: [] }],
  }));
  return app;
}
