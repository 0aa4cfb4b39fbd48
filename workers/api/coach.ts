import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import {
  AnswerSchema,
  CreateSessionSchema,
  InterpretationRequestSchema,
  InterpretationSchema,
  MessageListSchema,
  MessagesQuerySchema,
  ResumeQuerySchema,
  SendMessageSchema,
  SessionListSchema,
  type Interpretation,
  type Message,
} from "../../schemas/coach";
import { AssessmentSchema, LeadershipResultSchema, QUESTIONS, QuestionSchema } from "../../schemas/assessment";
import {
  authedErrors,
  json,
  notFound,
  PageQuerySchema,
  readErrors,
  upgradeRequired,
  jsonBody,
} from "../../schemas/common";
import { REQUEST_ID_HEADER, USER_HEADER } from "../../schemas/headers";
import { classify } from "../domain/leadership-classifier";
import { LlmUnavailableError, NotFoundError } from "../errors";
import { listCoachSessions, toSession } from "../ports/db/coach-sessions";
import { openSession } from "../services/coach-sessions";
import { keysetAfter } from "./pagination";
import { createRouter, userActor, userOf, type AppBindings } from "./types";
import { assertWebSocketHandshake, chosenSubprotocol } from "./websocket-handshake";

const SessionPath = z.object({ id: z.string().uuid() });
const sse = (description: string) => ({ description, content: { "text/event-stream": { schema: z.string() } } });

const sessionOf = (c: Context<AppBindings>, id: string) => c.env.COACH_SESSION.get(c.env.COACH_SESSION.idFromName(id));

/** An answer's SSE stream, as the session actor serves it; the actor answers 404 to non-owners. */
async function answerStream(c: Context<AppBindings>, id: string, path: string, init: RequestInit = {}) {
  const headers = {
    ...(init.headers as Record<string, string>),
    [USER_HEADER]: userOf(c).id,
    [REQUEST_ID_HEADER]: c.get("requestId"),
  };
  const res = await sessionOf(c, id).fetch(`https://coach-session${path}`, { ...init, headers });
  if (res.status === 404) throw new NotFoundError(`no coaching session ${id}`);
  return res;
}

const interpretation = createRoute({
  method: "post",
  path: "/coach/interpretation",
  tags: ["Coaching"],
  summary: "Interpretation of a leadership style, grounded in its guide; cached 30 days per user and style",
  request: jsonBody(InterpretationRequestSchema),
  responses: { 200: json(InterpretationSchema, "The interpretation"), ...authedErrors },
});

const questions = createRoute({
  method: "get",
  path: "/coach/assessment",
  tags: ["Coaching"],
  summary: "The leadership questionnaire: 24 statements in English and Korean, answered 1–5",
  responses: { 200: json(z.object({ items: z.array(QuestionSchema) }), "The questions"), ...readErrors },
});

const assess = createRoute({
  method: "post",
  path: "/coach/assessment",
  tags: ["Coaching"],
  summary: "Classify questionnaire answers into a leadership style with probabilities",
  request: jsonBody(AssessmentSchema),
  responses: {
    200: json(LeadershipResultSchema, "The most likely style and every style's probability"),
    ...authedErrors,
  },
});

const createSession = createRoute({
  method: "post",
  path: "/coach/sessions",
  tags: ["Coaching"],
  summary: "Start a coaching conversation",
  request: jsonBody(CreateSessionSchema),
  responses: { 201: json(z.object({ id: z.string() }), "The new session"), ...authedErrors },
});

const listSessions = createRoute({
  method: "get",
  path: "/coach/sessions",
  tags: ["Coaching"],
  summary: "Your coaching sessions, most recently active first",
  request: { query: PageQuerySchema },
  responses: { 200: json(SessionListSchema, "A page of sessions"), ...readErrors },
});

const listMessages = createRoute({
  method: "get",
  path: "/coach/sessions/{id}/messages",
  tags: ["Coaching"],
  summary: "Messages of a session, oldest first",
  request: { params: SessionPath, query: MessagesQuerySchema },
  responses: { 200: json(MessageListSchema, "A page of messages"), ...readErrors, ...notFound },
});

const sendMessage = createRoute({
  method: "post",
  path: "/coach/sessions/{id}/messages",
  tags: ["Coaching"],
  summary: "Ask the coach; streamed as SSE with `Accept: text/event-stream`, otherwise JSON when complete",
  description:
    "SSE events: `message` ({messageId, userMessageId}), `token` ({text}) many times, `citation` ({source, title}), then " +
    "`done` ({messageId, provider, model}) or `failed`. If the client disconnects, the answer still completes and is " +
    "stored; resume with `GET .../messages/{messageId}/stream?offset=<characters received>`. Turns run one at a time.",
  request: { params: SessionPath, ...jsonBody(SendMessageSchema) },
  responses: {
    200: { ...json(AnswerSchema, "The complete answer (JSON mode)"), ...sse("The answer as it is generated") },
    ...authedErrors,
    ...notFound,
  },
});

const resume = createRoute({
  method: "get",
  path: "/coach/sessions/{id}/messages/{messageId}/stream",
  tags: ["Coaching"],
  summary: "Resume an answer's stream after `offset` characters (finished answers replay at once)",
  request: { params: SessionPath.extend({ messageId: z.string().regex(/^\d{1,15}$/) }), query: ResumeQuerySchema },
  responses: { 200: sse("The rest of the answer"), ...readErrors, ...notFound },
});

const ws = createRoute({
  method: "get",
  path: "/coach/sessions/{id}/ws",
  tags: ["Coaching"],
  summary: "Session WebSocket: send {type:'message', content}; receive token / citation / done frames",
  request: { params: SessionPath },
  responses: { 101: { description: "Switching protocols" }, ...upgradeRequired, ...readErrors, ...notFound },
});

export const coach = createRouter()
  .openapi(questions, (c) => c.json({ items: [...QUESTIONS] }, 200))
  .openapi(assess, (c) => c.json(classify(c.req.valid("json").answers), 200))
  .openapi(interpretation, async (c) => {
    const { leadershipType, locale, assessment } = c.req.valid("json");
    const lang = locale ?? (/^ko/i.test(c.req.header("Accept-Language") ?? "") ? "ko" : "en");
    const report = await userActor(c).interpretation(leadershipType, lang);
    if ("failed" in report) throw new LlmUnavailableError(report.attempts);
    const result: Interpretation = { ...report, classification: assessment ? classify(assessment.answers) : null };
    c.header("X-LLM-Provider", report.provider);
    c.header("X-LLM-Model", report.model);
    return c.json(result, 200);
  })
  .openapi(createSession, async (c) => {
    const id = await openSession(c.env, userOf(c).id, c.req.valid("json").leadershipType);
    return c.json({ id }, 201);
  })
  .openapi(listSessions, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const page = await listCoachSessions(c.env, userOf(c).id, { limit, after: keysetAfter(cursor) });
    return c.json({ items: page.items.map(toSession), nextCursor: page.nextCursor }, 200);
  })
  .openapi(listMessages, async (c) => {
    const { id } = c.req.valid("param");
    const { limit, cursor } = c.req.valid("query");
    const page = await sessionOf(c, id).messages(userOf(c).id, limit, cursor ? Number(cursor) : undefined);
    if (!page.ok) throw new NotFoundError(`no coaching session ${id}`);
    return c.json({ items: page.items as Message[], nextCursor: page.nextCursor }, 200);
  })
  .openapi(sendMessage, async (c) => {
    const { id } = c.req.valid("param");
    const { content } = c.req.valid("json");
    if (c.req.header("Accept")?.includes("text/event-stream")) {
      const init = {
        method: "POST",
        body: JSON.stringify({ content }),
        headers: { "Content-Type": "application/json" },
      };
      return (await answerStream(c, id, "/answer", init)) as never;
    }
    const answer = await sessionOf(c, id).ask(userOf(c).id, content, c.get("requestId"));
    if (!answer.ok) throw new NotFoundError(`no coaching session ${id}`);
    if (answer.failed) throw new LlmUnavailableError([{ provider: "chain", ok: false, error: answer.detail, ms: 0 }]);
    const { messageId, provider, model } = answer;
    return c.json(
      { messageId, content: answer.content!, citations: answer.citations as Message["citations"], provider, model },
      200,
    );
  })
  .openapi(resume, async (c) => {
    const { id, messageId } = c.req.valid("param");
    const { offset } = c.req.valid("query");
    return (await answerStream(c, id, `/answer/${messageId}?offset=${offset}`)) as never;
  });

// WebSocket upgrades return the actor's 101, which no JSON schema describes: documented via the registry.
coach.openAPIRegistry.registerPath(ws);
coach.get("/coach/sessions/:id/ws", async (c) => {
  assertWebSocketHandshake(c, "GET /v1/coach/sessions/{id}/ws");
  const id = SessionPath.safeParse({ id: c.req.param("id") });
  if (!id.success) throw new NotFoundError(`no coaching session ${c.req.param("id")}`);
  // the actor answers 404 to non-owners
  const res = await sessionOf(c, id.data.id).fetch("https://coach-session/ws", {
    headers: { Upgrade: "websocket", [USER_HEADER]: userOf(c).id },
  });
  if (res.status === 404) throw new NotFoundError(`no coaching session ${id.data.id}`);
  const protocol = chosenSubprotocol(c);
  if (!protocol || !res.webSocket) return res;
  return new Response(null, { status: 101, webSocket: res.webSocket, headers: { "Sec-WebSocket-Protocol": protocol } });
});
