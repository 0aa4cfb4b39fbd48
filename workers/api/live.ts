import { createRoute, z } from "@hono/zod-openapi";
import { UPGRADE_HEADERS } from "../../schemas/headers";
import { authedErrors, json, queryInt, readErrors, upgradeRequired, jsonBody } from "../../schemas/common";
import {
  LiveMessageSchema,
  type LiveMessage,
  ProfileSchema,
  PushResultSchema,
  StreamQuerySchema,
  TestNotificationSchema,
} from "../../schemas/live";
import { validationHook } from "./problem";
import { timed } from "./server-timing";
import { assertWebSocketHandshake, chosenSubprotocol } from "./websocket-handshake";
import { createRouter, userActor, userOf } from "./types";

const stream = createRoute({
  method: "get",
  path: "/stream",
  tags: ["Live"],
  summary: "Live channel (WebSocket)",
  description:
    "Upgrade to a WebSocket held by the user's actor. Messages are `{id, type, data, at}` with `type` one of " +
    "notification, feedback.ready, job.progress, job.done, recommendations.updated, timeline.updated; " +
    'then `{type:"ready"}` after any replay. Authenticate with `?token=` or by offering the subprotocols ' +
    '`edge-coach.v1` and the token itself. Pass `?since=<id>` (or send `{type:"resume",since}`) to receive ' +
    'missed messages. `{"type":"ping"}` is answered with `{"type":"pong"}`.',
  request: { query: StreamQuerySchema },
  responses: {
    101: { description: "Switching protocols; the socket carries LiveMessage frames" },
    ...upgradeRequired,
    ...readErrors,
  },
});

const replay = createRoute({
  method: "get",
  path: "/stream/replay",
  tags: ["Live"],
  summary: "Live messages after `since`, for clients that poll instead of holding a socket",
  request: { query: z.object({ since: queryInt(0, Number.MAX_SAFE_INTEGER).default(0) }) },
  responses: {
    200: json(z.object({ items: z.array(LiveMessageSchema) }), "Missed messages, oldest first"),
    ...readErrors,
  },
});

const testNotification = createRoute({
  method: "post",
  path: "/stream/test",
  tags: ["Live"],
  summary: "Push a test notification to your own open sockets",
  request: jsonBody(TestNotificationSchema),
  responses: { 202: json(PushResultSchema, "Pushed; `delivered` counts open sockets"), ...authedErrors },
});

const me = createRoute({
  method: "get",
  path: "/me",
  tags: ["Live"],
  summary: "Your live profile, from your actor (records this call as last seen)",
  responses: { 200: json(ProfileSchema, "Profile"), ...readErrors },
});

export const live = createRouter()
  .openapi(replay, async (c) => {
    // RPC stubs type `unknown` payloads as unserializable; the actor returns LiveMessage[] as declared.
    const items = (await userActor(c).replay(c.req.valid("query").since)) as LiveMessage[];
    return c.json({ items }, 200);
  })
  .openapi(testNotification, async (c) => {
    const { title, body } = c.req.valid("json");
    const { id, delivered } = await userActor(c).notify("test", title, body);
    return c.json({ id, delivered }, 202);
  })
  .openapi(me, async (c) => c.json(await timed(c, "actor", userActor(c).touch(userOf(c).id)), 200));

// The upgrade returns the actor's 101 as-is, which no JSON response schema can describe,
// so the route is documented through the registry and served by a plain handler.
live.openAPIRegistry.registerPath(stream);
live.get("/stream", async (c) => {
  assertWebSocketHandshake(c, "GET /v1/stream");
  const query = StreamQuerySchema.safeParse(c.req.query());
  if (!query.success) validationHook({ success: false, error: query.error, target: "query" });
  const headers = new Headers(c.req.raw.headers);
  const chosen = chosenSubprotocol(c);
  headers.delete(UPGRADE_HEADERS.protocol);
  headers.delete(UPGRADE_HEADERS.since);
  if (chosen) headers.set(UPGRADE_HEADERS.protocol, chosen);
  if (query.data?.since !== undefined) headers.set(UPGRADE_HEADERS.since, String(query.data.since));
  return userActor(c).fetch(new Request(c.req.url, { headers }));
});
