/**
 * The `/v1/stream` WebSocket with reconnects. The last message id is kept per user in localStorage
 * and sent as `?since=` on every (re)connect, so the actor replays whatever arrived while we were away.
 *
 * Events: "state" `{state, retryInMs?}` with state idle|connecting|open|retrying|closed|expired;
 * "message" `{message, replayed}` for pushes, ready and error frames; "lastid" `{id}`.
 */

import { translate } from "./i18n.js";

const SUBPROTOCOL = "edge-coach.v1";
// The actor auto-responds only to this exact text, without waking up.
const PING = JSON.stringify({ type: "ping" });
const PING_EVERY_MS = 25_000;
const RETRY_BASE_MS = 1_000;
const RETRY_MAX_MS = 30_000;

export class LiveChannel extends EventTarget {
  #session;
  #ws = null;
  #wanted = false;
  #attempt = 0;
  #caughtUp = false;
  #retryTimer = 0;
  #pingTimer = 0;
  #awaitingPong = false;
  state = "idle";

  constructor(session) {
    super();
    this.#session = session;
    window.addEventListener("online", () => {
      if (this.#wanted && this.state === "retrying") this.#open();
    });
  }

  get #lastIdKey() {
    return `edge-coach.lastId.${this.#session.userId}`;
  }

  get lastId() {
    return Number(localStorage.getItem(this.#lastIdKey)) || 0;
  }

  set lastId(id) {
    localStorage.setItem(this.#lastIdKey, String(id));
    this.#emit("lastid", { id });
  }

  connect() {
    this.#wanted = true;
    this.#attempt = 0;
    this.#open();
  }

  disconnect() {
    this.#wanted = false;
    clearTimeout(this.#retryTimer);
    const ws = this.#ws;
    this.#ws = null;
    this.#stopPing();
    ws?.close(1000, "client disconnect");
    this.#setState("closed");
  }

  #open() {
    clearTimeout(this.#retryTimer);
    if (Date.parse(this.#session.expiresAt) <= Date.now()) {
      this.#wanted = false;
      this.#setState("expired");
      return;
    }
    const url = new URL(`/v1/stream?since=${this.lastId}`, location.href);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    // Browsers cannot set Authorization on a WebSocket; the token rides as a second subprotocol.
    const ws = new WebSocket(url, [SUBPROTOCOL, this.#session.token]);
    this.#ws = ws;
    this.#caughtUp = false;
    this.#setState("connecting");
    ws.addEventListener("open", () => {
      if (this.#ws !== ws) return;
      this.#setState("open");
      this.#startPing(ws);
    });
    ws.addEventListener("message", (event) => {
      if (this.#ws === ws) this.#receive(event.data);
    });
    ws.addEventListener("close", () => {
      if (this.#ws !== ws) return;
      this.#ws = null;
      this.#stopPing();
      if (this.#wanted) this.#scheduleRetry();
      else this.#setState("closed");
    });
  }

  #receive(text) {
    let message;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (message?.type === "pong") {
      this.#awaitingPong = false;
      return;
    }
    if (message?.type === "ready") {
      this.#caughtUp = true;
      this.#attempt = 0;
      const serverLast = Number(message.data?.lastMessageId ?? 0);
      // The server's log was reset (e.g. fresh local state): our stored id would hide new messages.
      if (serverLast < this.lastId) this.lastId = serverLast;
    } else if (typeof message?.id === "number") {
      if (message.id <= this.lastId) return;
      this.lastId = message.id;
    }
    this.#emit("message", { message, replayed: !this.#caughtUp && typeof message?.id === "number" });
  }

  #scheduleRetry() {
    const ceiling = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** this.#attempt++);
    // Full jitter keeps many tabs from reconnecting in lockstep after a server restart.
    const delay = Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
    this.#retryTimer = setTimeout(() => this.#open(), delay);
    this.#setState("retrying", { retryInMs: delay });
  }

  #startPing(ws) {
    this.#stopPing();
    this.#pingTimer = setInterval(() => {
      // No pong since the last ping: the connection is half-open.
      if (this.#awaitingPong) {
        // close() waits for a handshake that will never come, so let go of the socket right away
        this.#ws = null;
        this.#stopPing();
        ws.close(4000, "ping timeout");
        this.#scheduleRetry();
        return;
      }
      this.#awaitingPong = true;
      ws.send(PING);
    }, PING_EVERY_MS);
  }

  #stopPing() {
    clearInterval(this.#pingTimer);
    this.#awaitingPong = false;
  }

  #setState(state, extra = {}) {
    this.state = state;
    this.#emit("state", { state, ...extra });
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}

/** Shows a channel's "state" event in a page's status pill (`#live-status` holding `#live-status-text`). */
export function showLiveState(pill, state, retryInMs) {
  const text = pill.querySelector("#live-status-text");
  pill.dataset.state = state;
  text.dataset.i18n = `live.state.${state}`;
  text.dataset.i18nVars = JSON.stringify({ seconds: Math.ceil((retryInMs ?? 0) / 1000) });
  translate(pill);
}
