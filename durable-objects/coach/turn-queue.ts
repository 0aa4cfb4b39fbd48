import { CoachTypeSchema, type Citation } from "../../schemas/coach";
import { buildCoachPrompt, estimateTokens } from "../../workers/domain/coach-prompt";
import type { Bus } from "../../workers/ports/bus";
import type { Llm } from "../../workers/ports/llm/types";
import type { Retrieved } from "../../workers/services/knowledge";
import type { Live } from "./answer-stream";
import { settled, startGrounding, type Asking, type Grounding, type History, type QueuedTurn } from "./grounding";
import { logTurn, touchSessionIndex, type TouchSession, type Turn } from "./records";
import type { MessageStore, TurnEvent } from "./turns";

const HISTORY_BUDGET_TOKENS = 1500;
const PERSIST_EVERY_TOKENS = 16;

/** What a session's turns use: their actor's storage and sockets, and the services the actor wires. */
export type SessionParts = {
  store: MessageStore;
  meta: (key: string) => string | undefined;
  /** The session's open WebSockets, which every turn event also goes to. */
  sockets: () => WebSocket[];
  /** The knowledge a question's answer is grounded in; calls `asked` once the index has been queried. */
  find: (question: string, asked: () => void) => Promise<Retrieved[]>;
  /** The sources an answer grounded in `chunks` cites. */
  citations: (chunks: Retrieved[]) => Citation[];
  llm: () => Llm;
  /** Writes the session's row in D1. */
  touch: TouchSession;
  bus: () => Bus;
};

/**
 * A coaching session's turns: they run one at a time in arrival order; each answer streams to every
 * listener (SSE responses, the session's WebSockets) and is stored as it grows, so a client that
 * disconnects can resume from an offset and an evicted actor restarts unfinished turns.
 */
export class TurnQueue {
  /** Turns being generated, by answer id: their text so far and who listens. */
  readonly live = new Map<number, Live>();
  private readonly queue: QueuedTurn[] = [];
  private running = false;
  /** Settles once a question that asked the model ahead of its writes is written (see askFirst). */
  private firstTurn: Promise<void> | undefined;

  constructor(private readonly session: SessionParts) {}

  /**
   * Writes a question and its queued answer, and queues the turn; resolves with their ids once
   * written. The knowledge index is asked before the turn's writes, and answers while they commit.
   */
  async submit(content: string, requestId: string | null): Promise<{ userMessageId: string; messageId: string }> {
    const { asked, grounding } = this.ground(content);
    // an idle session also asks the model before them (see askFirst); a question that arrives while
    // one does waits for that turn's writes, so turns keep their order
    const ahead = this.firstTurn;
    const first = !ahead && !this.running && this.queue.length === 0 ? this.askFirst(content, grounding) : undefined;
    try {
      await (first?.sent ?? asked);
      if (ahead) await ahead;
      const question = this.session.store.add("user", content, "done");
      const answer = this.session.store.add("assistant", "", "queued");
      this.enqueue({ id: Number(answer.id), question: content, requestId, grounding, asking: first?.asking });
      return { userMessageId: question.id, messageId: answer.id };
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
    const asking = this.askModel(question, grounding, () => this.session.store.history(Number.MAX_SAFE_INTEGER));
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

  /** A turn the actor was evicted in the middle of: it runs again from the start. */
  restart(id: number, question: string): void {
    this.enqueue({ id, question, requestId: null }, true);
  }

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
    const sockets = this.session.sockets();
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
    return startGrounding((asked) => this.session.find(question, asked));
  }

  private async run({ id, question, requestId, grounding, asking }: QueuedTurn) {
    const started = Date.now();
    const live = this.live.get(id)!;
    const messageId = String(id);
    let indexed: Promise<void> | undefined;
    this.session.store.update(id, { status: "streaming", content: "" });
    try {
      // earlier turns are complete (turns run one at a time): read them in the same synchronous step
      // as the turn's first writes, instead of opening another storage transaction after retrieval
      const history = asking ? [] : this.session.store.history(id - 1);
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
          this.session.store.update(id, { content: live.text });
          sincePersist = 0;
        }
      }
      const citations = this.session.citations(chunks);
      this.session.store.update(id, {
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
      this.session.store.update(id, { content: live.text, status: "failed" });
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
      return { ok: true, chunks: grounded.chunks, answer: settled(this.session.llm().stream({ messages: prompt })) };
    } catch (error) {
      return { ok: false, error };
    }
  }

  private prompt(question: string, chunks: Retrieved[], history: History) {
    const type = CoachTypeSchema.safeParse(this.session.meta("type"));
    return buildCoachPrompt({
      question,
      type: type.success ? type.data : null,
      context: chunks,
      history,
      historyBudget: HISTORY_BUDGET_TOKENS,
    });
  }

  private touchIndex(question: string): Promise<void> {
    return touchSessionIndex(this.session.touch, this.session.meta("sessionId"), {
      messageCount: this.session.store.count(),
      question,
    });
  }

  private log(turn: Omit<Turn, "userId">) {
    return logTurn(this.session.bus(), { userId: this.session.meta("owner") ?? null, ...turn });
  }
}
