import { z } from "zod";
import { UPGRADE_HEADERS } from "../../schemas/headers";
import { parseFrame } from "../../schemas/frames";
import type { LiveMessage, LiveType } from "../../schemas/live";
import type { LiveLog } from "./live-log";

/** The one message a client sends on the live channel (pings are answered by the runtime). */
const ResumeSchema = z.object({ type: z.literal("resume"), since: z.number().int().min(0) });
const RESUME_USAGE = JSON.stringify({
  type: "error",
  data: { detail: 'send {"type":"resume","since":<id>} or {"type":"ping"}' },
});
export const PING = JSON.stringify({ type: "ping" });
export const PONG = JSON.stringify({ type: "pong" });

/**
 * The user's live channel: the actor's hibernatable WebSockets and the replay log behind them. A
 * message is kept for replay and sent to every open socket; a socket that (re)connects with a
 * `since` id, or later sends `{"type":"resume"}`, gets what it missed first.
 */
export class LiveChannel {
  constructor(
    private readonly ctx: DurableObjectState,
    private readonly log: LiveLog,
  ) {}

  /** Keeps `{id, type, data, at}` for replay and sends it to every open socket of this user. */
  push(type: LiveType, data: unknown): { id: number; delivered: number } {
    const message = this.log.append(type, data, Date.now());
    return { id: message.id, delivered: this.broadcast(JSON.stringify(message)) };
  }

  /** Messages after `since`, oldest first, for clients that reconnect. */
  since(since: number): LiveMessage[] {
    return this.log.since(since);
  }

  lastId(): number {
    return this.log.lastId();
  }

  openSockets(): number {
    return this.ctx.getWebSockets().length;
  }

  /** Accepts the API worker's upgrade: replays from `since` when asked, then says `ready`. */
  accept(request: Request): Response {
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") {
      return new Response("expected a WebSocket upgrade", { status: 426 });
    }
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    const since = request.headers.get(UPGRADE_HEADERS.since);
    if (since !== null) this.sendReplay(server, Number(since));
    server.send(JSON.stringify({ type: "ready", data: { lastMessageId: this.log.lastId() } }));
    const protocol = request.headers.get(UPGRADE_HEADERS.protocol);
    return new Response(null, {
      status: 101,
      webSocket: client,
      headers: protocol ? { "Sec-WebSocket-Protocol": protocol } : {},
    });
  }

  /** A client's frame: a resume request, or anything else, which gets the usage. */
  receive(ws: WebSocket, message: string | ArrayBuffer): void {
    const parsed = parseFrame(ResumeSchema, message);
    if (parsed.success) this.sendReplay(ws, parsed.data.since);
    else ws.send(RESUME_USAGE);
  }

  private sendReplay(ws: WebSocket, since: number): void {
    if (!Number.isFinite(since)) return;
    for (const m of this.log.since(since)) ws.send(JSON.stringify(m));
  }

  private broadcast(text: string): number {
    let delivered = 0;
    for (const ws of this.ctx.getWebSockets()) {
      try {
        ws.send(text);
        delivered++;
      } catch {
        // a socket that closed between listing and sending simply misses this one
      }
    }
    return delivered;
  }
}
