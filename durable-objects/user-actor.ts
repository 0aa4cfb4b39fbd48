import { DurableObject } from "cloudflare:workers";
import type { IdempotencyBegin, StoredResponse } from "../schemas/idempotency";
import { LiveTypeSchema, type LiveMessage, type LiveType, type Profile } from "../schemas/live";
import { configOf, type AppEnv } from "../workers/env";

/** Headers the API worker sets when it forwards an authenticated upgrade to this actor. */
export const UPGRADE_HEADERS = { protocol: "X-Edge-Coach-Protocol", since: "X-Edge-Coach-Since" } as const;

const REPLAY_MAX_AGE_MS = 24 * 60 * 60 * 1000;
const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
// a claimed key whose request never completed (isolate died) may be retried after this long
const IDEMPOTENCY_STALE_MS = 60 * 1000;
const PING = JSON.stringify({ type: "ping" });
const PONG = JSON.stringify({ type: "pong" });

type LogRow = { id: number; type: string; data: string; at: number };

/**
 * One per user, addressed by the verified token's `sub`. Owns the user's live state and holds
 * their WebSockets with the hibernation API, so idle connections cost nothing.
 */
export class UserActor extends DurableObject<AppEnv> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: AppEnv) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    // answered by the runtime without waking the actor
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(PING, PONG));
    void ctx.blockConcurrencyWhile(async () => this.migrate());
  }

  private migrate(): void {
    this.sql.exec(`CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`);
    this.sql.exec(
      `CREATE TABLE IF NOT EXISTS live_log (
         id INTEGER PRIMARY KEY AUTOINCREMENT, type TEXT NOT NULL, data TEXT NOT NULL, at INTEGER NOT NULL)`,
    );
    this.sql.exec(
      `CREATE TABLE IF NOT EXISTS idempotency (
         key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, response TEXT, created_at INTEGER NOT NULL)`,
    );
  }

  /**
   * Claims an idempotency key for a write. The actor is the single writer for its user, so the
   * check-and-claim is atomic: of two concurrent requests with one key, exactly one proceeds.
   */
  async idempotencyBegin(key: string, fingerprint: string): Promise<IdempotencyBegin> {
    const now = Date.now();
    this.sql.exec(`DELETE FROM idempotency WHERE created_at < ?`, now - IDEMPOTENCY_TTL_MS);
    const row = this.sql
      .exec<{ fingerprint: string; response: string | null; created_at: number }>(
        `SELECT fingerprint, response, created_at FROM idempotency WHERE key = ?`,
        key,
      )
      .toArray()[0];
    if (row && row.fingerprint !== fingerprint) return { state: "mismatch" };
    if (row?.response) return { state: "done", response: JSON.parse(row.response) as StoredResponse };
    if (row && now - row.created_at < IDEMPOTENCY_STALE_MS) return { state: "in-progress" };
    this.sql.exec(
      `INSERT OR REPLACE INTO idempotency (key, fingerprint, response, created_at) VALUES (?, ?, NULL, ?)`,
      key,
      fingerprint,
      now,
    );
    return { state: "new" };
  }

  /** Stores the first response for replay, or releases the key when the request failed on our side. */
  async idempotencyComplete(key: string, response: StoredResponse | null): Promise<void> {
    if (response === null) this.sql.exec(`DELETE FROM idempotency WHERE key = ?`, key);
    else this.sql.exec(`UPDATE idempotency SET response = ? WHERE key = ?`, JSON.stringify(response), key);
  }

  /** Records that the user was seen and returns their live profile. */
  async touch(userId: string): Promise<Profile> {
    const now = String(Date.now());
    this.sql.exec(`INSERT OR IGNORE INTO meta (key, value) VALUES ('userId', ?), ('firstSeenAt', ?)`, userId, now);
    this.sql.exec(`INSERT OR REPLACE INTO meta (key, value) VALUES ('lastSeenAt', ?)`, now);
    const meta = new Map(
      this.sql
        .exec<{ key: string; value: string }>(`SELECT key, value FROM meta`)
        .toArray()
        .map((r) => [r.key, r.value]),
    );
    return {
      userId: meta.get("userId") ?? userId,
      firstSeenAt: new Date(Number(meta.get("firstSeenAt"))).toISOString(),
      lastSeenAt: new Date(Number(meta.get("lastSeenAt"))).toISOString(),
      openSockets: this.ctx.getWebSockets().length,
      lastMessageId: this.lastId(),
    };
  }

  /** Sends `{id, type, data, at}` to every open socket of this user and keeps it for replay. */
  async push(type: LiveType, data: unknown): Promise<{ id: number; delivered: number }> {
    const liveType = LiveTypeSchema.parse(type);
    const at = Date.now();
    const row = this.sql
      .exec<{ id: number }>(
        `INSERT INTO live_log (type, data, at) VALUES (?, ?, ?) RETURNING id`,
        liveType,
        JSON.stringify(data ?? null),
        at,
      )
      .one();
    this.prune(row.id, at);
    const text = JSON.stringify({ id: row.id, type: liveType, data: data ?? null, at: new Date(at).toISOString() });
    let delivered = 0;
    for (const ws of this.ctx.getWebSockets()) {
      try {
        ws.send(text);
        delivered++;
      } catch {
        // a socket that closed between listing and sending simply misses this one
      }
    }
    return { id: row.id, delivered };
  }

  /** Messages after `since`, oldest first, for clients that reconnect. */
  async replay(since: number): Promise<LiveMessage[]> {
    return this.sql
      .exec<LogRow>(`SELECT id, type, data, at FROM live_log WHERE id > ? ORDER BY id`, since)
      .toArray()
      .map((r) => ({
        id: r.id,
        type: LiveTypeSchema.parse(r.type),
        data: JSON.parse(r.data) as unknown,
        at: new Date(r.at).toISOString(),
      }));
  }

  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") {
      return new Response("expected a WebSocket upgrade", { status: 426 });
    }
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    const since = request.headers.get(UPGRADE_HEADERS.since);
    if (since !== null) await this.sendReplay(server, Number(since));
    server.send(JSON.stringify({ type: "ready", data: { lastMessageId: this.lastId() } }));
    const protocol = request.headers.get(UPGRADE_HEADERS.protocol);
    return new Response(null, {
      status: 101,
      webSocket: client,
      headers: protocol ? { "Sec-WebSocket-Protocol": protocol } : {},
    });
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    let parsed: { type?: unknown; since?: unknown } = {};
    try {
      parsed = typeof message === "string" ? (JSON.parse(message) as typeof parsed) : {};
    } catch {
      // fall through to the error reply below
    }
    if (parsed.type === "resume" && typeof parsed.since === "number") {
      await this.sendReplay(ws, parsed.since);
      return;
    }
    ws.send(
      JSON.stringify({ type: "error", data: { detail: 'send {"type":"resume","since":<id>} or {"type":"ping"}' } }),
    );
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    try {
      ws.close(code === 1005 ? 1000 : code, reason);
    } catch {
      // already closed by the runtime
    }
  }

  private async sendReplay(ws: WebSocket, since: number): Promise<void> {
    if (!Number.isFinite(since)) return;
    for (const m of await this.replay(since)) ws.send(JSON.stringify(m));
  }

  private lastId(): number {
    return this.sql.exec<{ id: number | null }>(`SELECT max(id) AS id FROM live_log`).one().id ?? 0;
  }

  private prune(lastId: number, now: number): void {
    const keep = configOf(this.env).LIVE_REPLAY_LIMIT;
    this.sql.exec(`DELETE FROM live_log WHERE id <= ? OR at < ?`, lastId - keep, now - REPLAY_MAX_AGE_MS);
  }
}
