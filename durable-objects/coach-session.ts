import { DurableObject } from "cloudflare:workers";
import { CoachTypeSchema, SendMessageSchema, SessionFrameSchema, type CoachType, type Message } from "../schemas/coach";
import { parseFrame } from "../schemas/frames";
import { REQUEST_ID_HEADER, USER_HEADER } from "../schemas/headers";
import { logRejection } from "../workers/log";
import { buildCoachPrompt, estimateTokens } from "../workers/domain/coach-prompt";
import { configOf, type AppEnv } from "../workers/env";
import { fieldErrorsOf } from "../workers/errors";
import { createBus } from "../workers/ports/bus";
import { touchCoachSession } from "../workers/ports/db/coach-sessions";
import { createLlm } from "../workers/ports/llm";
import { answerLanguage, citationsOf, retrieve, type Retrieved } from "../workers/services/knowledge";
import { answerStream, FAILED_DETAIL, type Live } from "./coach/answer-stream";
import { settled, startGrounding, type Asking, type Grounding, type History, type QueuedTurn } from "./coach/grounding";
import { logTurn, touchSessionIndex, type Turn } from "./coach/records";
import { MessageStore, type TurnEvent } from "./coach/turns";
import { sseResponse } from "./event-stream";
import { eraseStorage, RESET_REASON } from "./shared/erase-storage";

const HISTORY_BUDGET_TOKENS = 1500;
const SOCKET_USAGE = 'send {"type":"message","content":"..."} or {"type":"resume","messageId":"<id>","offset":<n>}';
const PERSIST_EVERY_TOKENS = 16;

type NotFound = { ok: false; code: "not_found" };
export type SendResult = { ok: true; userMessageId: string; messageId: string } | NotFound;
const NOT_FOUND = () => new Response("not found", { status: 404 });

/**
 * One conversation. Owned by the user who created it; anyone else gets `not_found`. Turns run one
 * at a time in arrival order; each answer streams to every listener (SSE responses, the session's
 * WebSockets) and is stored as it grows, so a client that disconnects can resume from an offset
 * and an evicted actor restarts unfinished turns.
 */
export class CoachSessionActor extends DurableObject<AppEnv> {
  private readonly sql: SqlStorage;
  private store!: MessageStore;
  private readonly queue: QueuedTurn[] = [];
  private readonly live = new Map<number, Live>();
  private running = false;
  /** Settles once a question that asked the model ahead of its writes is written (see askFirst). */
  private firstTurn: Promise<void> | undefined;

  constructor(ctx: DurableObjectState, env: AppEnv) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    void ctx.blockConcurrencyWhile(async () => {
      this.sql.exec(`CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`);
      this.store = new MessageStore(this.sql);
      for (const { id, question } of this.store.unfinished()) this.enqueue({ id, question, requestId: null }, true);
    });
  }

  private meta(key: string): string | undefined {
    return this.sql.exec<{ value: string }>(`SELECT value FROM meta WHERE key = ?`, key).toArray()[0]?.value;
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
    // the knowledge index is asked before the turn's writes, and answers while they commit
    const { asked, grounding } = this.ground(content);
    // an idle session also asks the model before them (see askFirst); a question that arrives while
    // one does waits for that turn's writes, so turns keep their order
    const ahead = this.firstTurn;
    const first = !ahead && !this.running && this.queue.length === 0 ? this.askFirst(content, grounding) : undefined;
    try {
      await (first?.sent ?? asked);
      if (ahead) await ahead;
      const question = this.store.add("user", content, "done");
      const answer = this.store.add("assistant", "", "queued");
      this.enqueue({ id: Number(answer.id), question: content, requestId, grounding, asking: first?.asking });
      return { ok: true, userMessageId: question.id, messageId: answer.id };
    } finally {
      first?.written();
    }
  }

  /**
   * A storage write holds back the actor's outgoing requests until it is durable, so a turn that
   * wrote its question first waited for that commit (under load, behind other actors' commits on
   * the same thread) before the model saw the question. A session with no turn running or queued
   * asks the model first, with the history as it stands, and writes the turn once the request has
   * left: `sent` settles a macrotask after the call (the SDK sends the request a few microtasks
   * after `stream` is called). `firstTurn` settles once the turn is written and queued.
   */
  private askFirst(question: string, grounding: Promise<Grounding>) {
    let written!: () => void;
    const firstTurn = new Promise<void>((resolve) => (written = resolve));
    this.firstTurn = firstTurn;
    const asking = this.askModel(question, grounding, () => this.store.history(Number.MAX_SAFE_INTEGER));
    const sent = asking.then(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
    return {
      asking,
      sent,
      written: () => {
        if (this.firstTurn === firstTurn) this.firstTurn = undefined;
        written();
      },
    };
  }

  /** JSON mode: waits for the whole answer. */
  async ask(userId: string, content: string, requestId: string | null = null) {
    const sent = await this.send(userId, content, requestId);
    if (!sent.ok) return sent;
    const end = await this.live.get(Number(sent.messageId))!.done;
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
      return sseResponse(answerStream(id, 0, this.live.get(id), () => this.store.get(id)!, prelude));
    }
    const resume = /^\/answer\/(\d{1,15})$/.exec(url.pathname);
    if (request.method === "GET" && resume) {
      const messageId = Number(resume[1]);
      const offset = Math.max(0, Number(url.searchParams.get("offset") ?? 0) || 0);
      if (this.store.get(messageId)?.role !== "assistant") return NOT_FOUND();
      return sseResponse(answerStream(messageId, offset, this.live.get(messageId), () => this.store.get(messageId)!));
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
    const text = this.live.get(Number(messageId))?.text ?? message?.content ?? "";
    if (text.length > offset) ws.send(JSON.stringify({ type: "token", messageId, text: text.slice(offset) }));
    if (message?.status === "done")
      ws.send(JSON.stringify({ type: "done", messageId, provider: message.provider, model: message.model }));
    if (message?.status === "failed") ws.send(JSON.stringify({ type: "failed", messageId, detail: FAILED_DETAIL }));
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    try {
      ws.close(code === 1005 ? 1000 : code, reason);
    } catch {
      // already closed
    }
  }

  // ── turns ──────────────────────────────────────────────────────────────────────────────────

  private enqueue(turn: QueuedTurn, restarted = false): void {
    let finish!: (e: TurnEvent) => void;
    const done = new Promise<TurnEvent>((resolve) => (finish = resolve));
    const live: Live = { text: "", listeners: new Set(), done, restarted };
    this.live.set(turn.id, live);
    this.queue.push(turn);
    live.listeners.add((e) => {
      if (e.type === "done" || e.type === "failed") finish(e);
    });
    void this.drain();
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let turn = this.queue.shift(); turn; turn = this.queue.shift()) await this.run(turn);
    } finally {
      this.running = false;
    }
  }

  private emit(id: number, e: TurnEvent): void {
    const live = this.live.get(id);
    for (const listener of live?.listeners ?? []) listener(e);
    const sockets = this.ctx.getWebSockets();
    if (sockets.length === 0) return;
    const frame = JSON.stringify(e);
    for (const ws of sockets) {
      try {
        ws.send(frame);
      } catch {
        // closed socket
      }
    }
  }

  /** The knowledge a turn's answer is grounded in, in the answer's language (see grounding.ts). */
  private ground(question: string) {
    const type = CoachTypeSchema.safeParse(this.meta("type"));
    return startGrounding(async (asked) => {
      const lang = await answerLanguage(this.env, question, this.meta("owner"));
      return retrieve(this.env, question, { type: type.success ? type.data : null, lang, asked });
    });
  }

  private async run({ id, question, requestId, grounding, asking }: QueuedTurn) {
    const started = Date.now();
    const live = this.live.get(id)!;
    const messageId = String(id);
    let indexed: Promise<void> | undefined;
    this.store.update(id, { status: "streaming", content: "" });
    try {
      // earlier turns are complete (turns run one at a time): read them in the same synchronous step
      // as the turn's first writes, instead of opening another storage transaction after retrieval
      const history = asking ? [] : this.store.history(id - 1);
      const asked = await (asking ?? this.askModel(question, grounding, () => history));
      if (!asked.ok) throw asked.error;
      const { chunks } = asked;
      const streaming = asked.answer.then((a) => (a.ok ? a.value : Promise.reject(a.error)));
      // the session list (D1) is updated while the model works on its first token, not before the
      // request goes out: the SDK sends it a few microtasks after `stream` is called, so the update
      // waits a macrotask (else the D1 query went first, and locally D1 runs on the actor's thread);
      // the turn ends only after it, so a finished answer is always listed
      indexed = new Promise((resolve) => setTimeout(resolve, 0)).then(() => this.touchIndex(question));
      const answer = await streaming;
      let sincePersist = 0;
      for await (const text of answer.tokens) {
        live.text += text;
        this.emit(id, { type: "token", messageId, text });
        if (++sincePersist >= PERSIST_EVERY_TOKENS) {
          this.store.update(id, { content: live.text });
          sincePersist = 0;
        }
      }
      const citations = citationsOf(chunks);
      this.store.update(id, {
        content: live.text,
        status: "done",
        citations,
        provider: answer.provider,
        model: answer.model,
      });
      await indexed;
      for (const c of citations) this.emit(id, { type: "citation", messageId, ...c });
      this.emit(id, { type: "done", messageId, provider: answer.provider, model: answer.model });
      const { provider, model } = answer;
      await this.log({ status: 200, started, requestId, provider, model, tokens: estimateTokens(live.text) });
    } catch (error) {
      this.store.update(id, { content: live.text, status: "failed" });
      await (indexed ?? this.touchIndex(question));
      this.emit(id, { type: "failed", messageId, detail: error instanceof Error ? error.message : String(error) });
      await this.log({ status: 502, started, requestId, provider: null, model: null, tokens: 0 });
    } finally {
      this.live.delete(id);
    }
  }

  /** Asks the model once the turn's grounding is in; settles, never rejects (a failure fails the turn). */
  private async askModel(
    question: string,
    grounding: Promise<Grounding> | undefined,
    history: () => History,
  ): Promise<Asking> {
    try {
      const grounded = await (grounding ?? this.ground(question).grounding);
      if (!grounded.ok) return grounded;
      const prompt = this.prompt(question, grounded.chunks, history());
      return { ok: true, chunks: grounded.chunks, answer: settled(this.llm().stream({ messages: prompt })) };
    } catch (error) {
      return { ok: false, error };
    }
  }

  private prompt(question: string, chunks: Retrieved[], history: History) {
    const type = CoachTypeSchema.safeParse(this.meta("type"));
    return buildCoachPrompt({
      question,
      type: type.success ? type.data : null,
      context: chunks,
      history,
      historyBudget: HISTORY_BUDGET_TOKENS,
    });
  }

  private llm() {
    return createLlm(this.env, configOf(this.env));
  }

  private touchIndex(question: string): Promise<void> {
    return touchSessionIndex((id, change) => touchCoachSession(this.env, id, change), this.meta("sessionId"), {
      messageCount: this.store.count(),
      question,
    });
  }

  private log(turn: Omit<Turn, "userId">) {
    return logTurn(createBus(this.env), { userId: this.meta("owner") ?? null, ...turn });
  }

  /** DELETE /v1/me: everything this actor holds goes (rows counted for the receipt); `{reset}` follows. */
  async eraseAll(): Promise<number> {
    return eraseStorage(this.ctx);
  }

  /** After `eraseAll`: drops this instance (the call rejects), so the next call starts empty. */
  async reset(): Promise<void> {
    this.ctx.abort(RESET_REASON);
  }
}
