import { DurableObject } from "cloudflare:workers";
import { CoachTypeSchema, SendMessageSchema, SessionFrameSchema, type CoachType, type Message } from "../schemas/coach";
import { parseFrame } from "../schemas/frames";
import { REQUEST_ID_HEADER, USER_HEADER } from "../schemas/headers";
import { logRejection } from "../workers/log";
import { configOf, type AppEnv } from "../workers/env";
import { fieldErrorsOf } from "../workers/errors";
import { createBus } from "../workers/ports/bus";
import { touchCoachSession } from "../workers/ports/db/coach-sessions";
import { createLlm } from "../workers/ports/llm";
import { answerLanguage, citationsOf, retrieve } from "../workers/services/knowledge";
import { answerStream, FAILED_DETAIL } from "./coach/answer-stream";
import { TurnQueue } from "./coach/turn-queue";
import { MessageStore } from "./coach/turns";
import { sseResponse } from "./event-stream";
import { eraseStorage, RESET_REASON } from "./shared/erase-storage";
import { answerClose } from "./shared/sockets";

const SOCKET_USAGE = 'send {"type":"message","content":"..."} or {"type":"resume","messageId":"<id>","offset":<n>}';

type NotFound = { ok: false; code: "not_found" };
export type SendResult = { ok: true; userMessageId: string; messageId: string } | NotFound;
const NOT_FOUND = () => new Response("not found", { status: 404 });

/**
 * One conversation. Owned by the user who created it; anyone else gets `not_found`. Its turns (one
 * at a time, streamed to every listener, stored as they grow; see coach/turn-queue.ts) are asked
 * over RPC, HTTP (SSE) or the session's WebSockets, and resumed from an offset.
 */
export class CoachSessionActor extends DurableObject<AppEnv> {
  private readonly sql: SqlStorage;
  private store!: MessageStore;
  private turns!: TurnQueue;
  private readonly metaValues = new Map<string, string>();

  constructor(ctx: DurableObjectState, env: AppEnv) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    void ctx.blockConcurrencyWhile(async () => {
      this.sql.exec(`CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`);
      this.store = new MessageStore(this.sql);
      this.turns = new TurnQueue({
        store: this.store,
        meta: (key) => this.meta(key),
        sockets: () => ctx.getWebSockets(),
        find: async (question, asked) => {
          const type = CoachTypeSchema.safeParse(this.meta("type"));
          const lang = await answerLanguage(env, question, this.meta("owner"));
          return retrieve(env, question, { type: type.success ? type.data : null, lang, asked });
        },
        citations: citationsOf,
        llm: () => createLlm(env, configOf(env)),
        touch: (id, change) => touchCoachSession(env, id, change),
        bus: () => createBus(env),
      });
      for (const { id, question } of this.store.unfinished()) this.turns.restart(id, question);
    });
  }

  /**
   * The session's owner, id and coach type: written once by `init` (INSERT OR IGNORE) and never
   * changed, so a value once read is kept for the instance (a turn asks for them several times).
   */
  private meta(key: string): string | undefined {
    const known = this.metaValues.get(key);
    if (known !== undefined) return known;
    const value = this.sql.exec<{ value: string }>(`SELECT value FROM meta WHERE key = ?`, key).toArray()[0]?.value;
    if (value !== undefined) this.metaValues.set(key, value);
    return value;
  }

  async init(owner: string, sessionId: string, leadershipType?: CoachType): Promise<void> {
    this.sql.exec(`INSERT OR IGNORE INTO meta (key, value) VALUES ('owner', ?), ('sessionId', ?)`, owner, sessionId);
    if (leadershipType) this.sql.exec(`INSERT OR IGNORE INTO meta (key, value) VALUES ('type', ?)`, leadershipType);
  }

  private owns(userId: string): boolean {
    return this.meta("owner") === userId;
  }

  async send(userId: string, content: string, requestId: string | null = null): Promise<SendResult> {
    if (!this.owns(userId)) return { ok: false, code: "not_found" };
    return { ok: true, ...(await this.turns.submit(content, requestId)) };
  }

  /** JSON mode: waits for the whole answer. */
  async ask(userId: string, content: string, requestId: string | null = null) {
    const sent = await this.send(userId, content, requestId);
    if (!sent.ok) return sent;
    const end = await this.turns.live.get(Number(sent.messageId))!.done;
    const message = this.store.get(Number(sent.messageId))!;
    if (end.type !== "done")
      return {
        ok: true as const,
        failed: true as const,
        messageId: sent.messageId,
        detail: end.type === "failed" ? end.detail : "",
      };
    return {
      ok: true as const,
      failed: false as const,
      messageId: sent.messageId,
      content: message.content,
      citations: message.citations,
      provider: end.provider,
      model: end.model,
    };
  }

  async messages(
    userId: string,
    limit: number,
    after?: number,
  ): Promise<{ ok: true; items: Message[]; nextCursor: string | null } | NotFound> {
    if (!this.owns(userId)) return { ok: false, code: "not_found" };
    return { ok: true, ...this.store.page(limit, after) };
  }

  // ── streaming ──────────────────────────────────────────────────────────────────────────────

  /**
   * The actor's HTTP face, called by the API worker with the verified user id: WebSocket upgrades,
   * `POST /answer` (ask, and stream the answer as SSE) and `GET /answer/{messageId}?offset=` (the rest
   * of an answer). Answers stream through `fetch`, not as a stream returned over RPC: a client that
   * leaves ends an HTTP body quietly, while a dropped RPC stream surfaces as an uncaught
   * "Network connection lost" in the actor (seen under `wrangler dev`).
   */
  override async fetch(request: Request): Promise<Response> {
    const userId = request.headers.get(USER_HEADER) ?? "";
    if (!this.owns(userId)) return NOT_FOUND();
    if (request.headers.get("Upgrade")?.toLowerCase() === "websocket") {
      const { 0: client, 1: server } = new WebSocketPair();
      this.ctx.acceptWebSocket(server);
      return new Response(null, { status: 101, webSocket: client });
    }
    const url = new URL(request.url);
    if (request.method === "POST" && url.pathname === "/answer") {
      const ask = SendMessageSchema.safeParse(
        await request.json().catch(logRejection("answer request body is not JSON", {}, null)),
      );
      if (!ask.success) return new Response("bad question", { status: 400 });
      const sent = await this.send(userId, ask.data.content, request.headers.get(REQUEST_ID_HEADER));
      if (!sent.ok) return NOT_FOUND();
      const id = Number(sent.messageId);
      const prelude = { event: "message", data: { messageId: sent.messageId, userMessageId: sent.userMessageId } };
      return sseResponse(answerStream(id, 0, this.turns.live.get(id), () => this.store.get(id)!, prelude));
    }
    const resume = /^\/answer\/(\d{1,15})$/.exec(url.pathname);
    if (request.method === "GET" && resume) {
      const messageId = Number(resume[1]);
      const offset = Math.max(0, Number(url.searchParams.get("offset") ?? 0) || 0);
      if (this.store.get(messageId)?.role !== "assistant") return NOT_FOUND();
      return sseResponse(
        answerStream(messageId, offset, this.turns.live.get(messageId), () => this.store.get(messageId)!),
      );
    }
    return NOT_FOUND();
  }

  override async webSocketMessage(ws: WebSocket, raw: string | ArrayBuffer): Promise<void> {
    const frame = parseFrame(SessionFrameSchema, raw);
    if (!frame.success) {
      ws.send(JSON.stringify({ type: "error", detail: SOCKET_USAGE, errors: fieldErrorsOf(frame.error) }));
      return;
    }
    if (frame.data.type === "message") {
      const sent = await this.send(this.meta("owner")!, frame.data.content);
      if (sent.ok)
        ws.send(JSON.stringify({ type: "message", messageId: sent.messageId, userMessageId: sent.userMessageId }));
      return;
    }
    this.replay(ws, frame.data.messageId, frame.data.offset);
  }

  /** Sends what a socket missed of one answer: the text from `offset`, and its end if it has one. */
  private replay(ws: WebSocket, messageId: string, offset: number): void {
    const message = this.store.get(Number(messageId));
    const text = this.turns.live.get(Number(messageId))?.text ?? message?.content ?? "";
    if (text.length > offset) ws.send(JSON.stringify({ type: "token", messageId, text: text.slice(offset) }));
    if (message?.status === "done")
      ws.send(JSON.stringify({ type: "done", messageId, provider: message.provider, model: message.model }));
    if (message?.status === "failed") ws.send(JSON.stringify({ type: "failed", messageId, detail: FAILED_DETAIL }));
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    answerClose(ws, code, reason);
  }

  /** DELETE /v1/me: everything this actor holds goes (rows counted for the receipt); `{reset}` follows. */
  async eraseAll(): Promise<number> {
    this.metaValues.clear();
    return eraseStorage(this.ctx);
  }

  /** After `eraseAll`: drops this instance (the call rejects), so the next call starts empty. */
  async reset(): Promise<void> {
    this.ctx.abort(RESET_REASON);
  }
}
