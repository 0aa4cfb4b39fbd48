import { createRoute, z } from "@hono/zod-openapi";
import { authedErrors, json, queryInt, readErrors, jsonBody } from "../../schemas/common";
import {
  EventsBodySchema,
  EventsResultSchema,
  RecommendationQuerySchema,
  RecommendationsSchema,
  type EventsResult,
  type Recommendations,
} from "../../schemas/events";
import { timed } from "./server-timing";
import { createRouter, userActor, userOf } from "./types";

const events = createRoute({
  method: "post",
  path: "/events",
  tags: ["Recommendations"],
  summary: "Record one event or a batch of up to 500",
  description:
    "Idempotent on `traceId`: a replay counts in `duplicates` and changes nothing. Events naming an unknown item are " +
    "rejected one by one in `rejected`; the rest are accepted. Accepted events are applied to your taste before the " +
    "response, so the next `GET /v1/recommendations` reflects them.",
  request: jsonBody(EventsBodySchema),
  responses: { 202: json(EventsResultSchema, "Accepted"), ...authedErrors },
});

const recommendations = createRoute({
  method: "get",
  path: "/recommendations",
  tags: ["Recommendations"],
  summary: "Items for you now, reflecting every event accepted before this call",
  request: { query: RecommendationQuerySchema },
  responses: { 200: json(RecommendationsSchema, "Recommendations with a reason each"), ...readErrors },
});

const rate = createRoute({
  method: "get",
  path: "/events/rate",
  tags: ["Recommendations"],
  summary: "Events per second across all users, for the live chart",
  request: { query: z.object({ seconds: queryInt(1, 120).default(60) }) },
  responses: {
    200: json(
      z.object({ items: z.array(z.object({ second: z.number().int(), events: z.number().int() })) }),
      "Oldest first",
    ),
    ...readErrors,
  },
});

export const eventRoutes = createRouter()
  .openapi(events, async (c) => {
    const body = c.req.valid("json");
    const list = "events" in body ? body.events : [body];
    // RPC stubs type rich results loosely; the actor returns EventsResult as declared.
    const result = (await timed(c, "actor", userActor(c).ingest(userOf(c).id, list))) as EventsResult;
    return c.json(result, 202);
  })
  .openapi(recommendations, async (c) => {
    const result = (await timed(c, "actor", userActor(c).recommendations(c.req.valid("query")))) as Recommendations;
    return c.json(result, 200);
  })
  .openapi(rate, async (c) => {
    const trending = c.env.TRENDING.get(c.env.TRENDING.idFromName("global"));
    return c.json({ items: await trending.rate(c.req.valid("query").seconds) }, 200);
  });
