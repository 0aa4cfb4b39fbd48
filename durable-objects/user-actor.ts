import { DurableObject } from "cloudflare:workers";
import { MAX_EVENTS, type Event, type EventsResult, type Recommendations } from "../schemas/events";
import type { IdempotencyBegin, StoredResponse } from "../schemas/idempotency";
import type { LiveMessage, LiveType, Profile } from "../schemas/live";
import { PriceDropNoticeSchema, type Notification, type PriceDropNotice } from "../schemas/notifications";
import { ITEMS_NAMESPACE } from "../schemas/vectors";
import { configOf, type AppEnv } from "../workers/env";
import { createBus } from "../workers/ports/bus";
import { catalogueReads } from "../workers/ports/db/items";
import { createEmbedder } from "../workers/ports/embeddings";
import { createVectorIndex } from "../workers/ports/vectors";
import { itemCache } from "../workers/ports/vectors/item-cache";
import { generateInterpretation } from "../workers/services/interpretation";
import type { CoachType } from "../schemas/coach";
import type { LlmAttempt } from "../schemas/llm";
import { LlmUnavailableError } from "../workers/errors";
import { IdempotencyStore } from "./user/idempotency-store";
import { Inbox } from "./user/inbox";
import { InterpretationCache, interpretationKey, type StoredInterpretation } from "./user/interpretations";
import { resolveEvents } from "./user/ingest";
import { LiveChannel, PING, PONG } from "./user/live-channel";
import { LiveLog } from "./user/live-log";
import { Outbox } from "./shared/outbox";
import { recommend } from "./user/recommend";
import { RecommendationCache } from "./user/recommendation-cache";
import { TasteStore } from "./user/taste-store";
import { exportPage as exportUserPage, type UserExportPage, type UserExportRequest } from "./user/export";
import { eraseStorage } from "./shared/erase-storage";
import { answerClose } from "./shared/sockets";

const PRUNE_EVERY_MS = 3_600_000;

/**
 * One per user, addressed by the verified token's `sub`. Owns the user's live state (taste,
 * inbox, replay log, idempotency keys) and holds their WebSockets with the hibernation API, so
 * idle connections cost nothing. Each concern keeps its tables in its own class under `user/`.
 */
export class UserActor extends DurableObject<AppEnv> {
  private readonly sql: SqlStorage;
  private live!: LiveChannel;
  private idempotency!: IdempotencyStore;
  private taste!: TasteStore;
  private inbox!: Inbox;
  private outbox!: Outbox;
  private interpretationCache!: InterpretationCache;
  private prunedAt = 0;
  private readonly answers = new RecommendationCache();
  private readonly catalogue = catalogueReads(this.env);

  constructor(ctx: DurableObjectState, env: AppEnv) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    // answered by the runtime without waking the actor
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(PING, PONG));
    void ctx.blockConcurrencyWhile(async () => {
      const config = configOf(env);
      this.sql.exec(`CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`);
      this.live = new LiveChannel(ctx, new LiveLog(this.sql, () => config.LIVE_REPLAY_LIMIT));
      this.idempotency = new IdempotencyStore(this.sql);
      this.taste = new TasteStore(this.sql, config.RECENT_ITEMS_LIMIT);
      this.inbox = new Inbox(this.sql);
      this.outbox = new Outbox(this.sql, ctx.storage);
      this.interpretationCache = new InterpretationCache(this.sql);
    });
  }

  private get config() {
    return configOf(this.env);
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
      openSockets: this.live.openSockets(),
      lastMessageId: this.live.lastId(),
    };
  }

  // ── live channel (user/live-channel.ts) ────────────────────────────────────────────────────

  /** Sends `{id, type, data, at}` to every open socket of this user and keeps it for replay. */
  async push(type: LiveType, data: unknown): Promise<{ id: number; delivered: number }> {
    return this.live.push(type, data);
  }

  /** Messages after `since`, oldest first, for clients that reconnect. */
  async replay(since: number): Promise<LiveMessage[]> {
    return this.live.since(since);
  }

  override async fetch(request: Request): Promise<Response> {
    return this.live.accept(request);
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    this.live.receive(ws, message);
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    answerClose(ws, code, reason);
  }

  // ── idempotency ────────────────────────────────────────────────────────────────────────────

  async idempotencyBegin(key: string, fingerprint: string): Promise<IdempotencyBegin> {
    return this.idempotency.begin(key, fingerprint, Date.now());
  }

  async idempotencyComplete(key: string, response: StoredResponse | null): Promise<void> {
    this.idempotency.complete(key, response);
  }

  // ── events and recommendations ─────────────────────────────────────────────────────────────

  /**
   * Applies events to the taste before returning, so the next recommendation reflects them.
   * Everything that awaits (item lookups, embeddings) happens first; claiming the trace ids,
   * updating the taste and writing the outbox then happen in one synchronous step, so a
   * concurrent replay of a trace id finds it claimed, and the actor's storage commits once.
   * `events` are what `POST /v1/events` validated against EventListSchema, its one caller (an actor
   * is reachable only through this Worker's bindings); parsing them again here was 6 % of the runtime
   * under batch ingest (perf, 2026-12-06), so only the length bound the work relies on is re-checked.
   */
  async ingest(userId: string, events: Event[]): Promise<EventsResult> {
    if (events.length > MAX_EVENTS) throw new RangeError(`at most ${MAX_EVENTS} events a call`);
    const now = Date.now();
    const resolved = await resolveEvents(
      userId,
      events.map((event, index) => ({ index, event })),
      {
        cache: itemCache,
        catalogue: this.catalogue,
        index: createVectorIndex(this.env, this.config),
        embedder: createEmbedder(this.env, this.config),
        now,
      },
    );
    const fresh = this.taste.claim(
      resolved.logged.map((e) => e.traceId),
      now,
    );
    // the first event of a trace id counts; later ones, here or in earlier calls, are duplicates
    const keep = resolved.logged.map((e) => fresh.delete(e.traceId));
    const logged = resolved.logged.filter((_, i) => keep[i]);
    const { PREF_HALF_LIFE_EVENTS: events_, PREF_HALF_LIFE_HOURS: hours } = this.config;
    this.taste.apply(
      resolved.applied.filter((_, i) => keep[i]),
      { events: events_, hours },
    );
    const duplicates = resolved.logged.length - logged.length;
    if (logged.length > 0) {
      await this.outbox.add(logged);
      // only connected clients care; no socket, no replay-log write on this hot path
      if (this.live.openSockets() > 0) this.live.push("recommendations.updated", { accepted: logged.length });
    }
    return { accepted: logged.length, duplicates, rejected: resolved.rejected };
  }

  /**
   * Recommendations reflect every event applied before the call. An answer is reused only while
   * the query, the user's taste state and the catalogue's index version are all unchanged.
   */
  async recommendations(opts: { limit: number; category?: string }): Promise<Recommendations> {
    const index = createVectorIndex(this.env, this.config);
    const trendingActor = this.env.TRENDING.get(this.env.TRENDING.idFromName("global"));
    const compute = () =>
      recommend(
        { index, catalogue: this.catalogue, trending: (o) => trendingActor.top(o) },
        {
          taste: this.taste.taste()?.vector ?? null,
          excluded: this.taste.excluded(),
          recent: this.taste.recentPositive(),
          ...opts,
        },
      );
    // without a taste the answer is trending or new items, which other users' events change
    if (!this.taste.taste()) return compute();
    return this.answers.answer(
      `${opts.limit}:${opts.category ?? ""}`,
      () => this.taste.version,
      () => index.version(ITEMS_NAMESPACE),
      compute,
    );
  }

  // ── notifications ──────────────────────────────────────────────────────────────────────────

  /** Stores and pushes a price drop, at most once per item per day; false when already sent. */
  async notifyPriceDrop(input: PriceDropNotice): Promise<boolean> {
    const notice = PriceDropNoticeSchema.parse(input);
    const notification = this.inbox.addPriceDrop(notice, Date.now());
    if (!notification) return false;
    this.live.push("notification", notification);
    return true;
  }

  /** Stores a notification in the inbox and pushes it live; `id` is the live message id. */
  async notify(kind: Notification["kind"], title: string, body: string, data: Record<string, unknown> = {}) {
    const notification = this.inbox.add(kind, title, body, data, Date.now());
    const pushed = this.live.push("notification", notification);
    return { id: pushed.id, delivered: pushed.delivered, notificationId: notification.id };
  }

  async notifications(opts: { limit: number; cursor?: number; unread?: boolean }) {
    return this.inbox.list(opts.limit, opts.cursor, opts.unread);
  }

  async markRead(id: number): Promise<Notification | null> {
    return this.inbox.markRead(id, Date.now());
  }

  // ── coaching ───────────────────────────────────────────────────────────────────────────────

  /**
   * A cached interpretation, or one generation shared by every concurrent identical request. When no
   * model answers, the attempts come back as a value: error classes do not cross RPC, and the route
   * turns them into its 503.
   */
  async interpretation(
    type: CoachType,
    locale: "en" | "ko",
  ): Promise<(StoredInterpretation & { cached: boolean }) | { failed: true; attempts: LlmAttempt[] }> {
    try {
      return await this.interpretationCache.obtain(interpretationKey(type, locale), type, () =>
        generateInterpretation(this.env, type, locale),
      );
    } catch (error) {
      if (error instanceof LlmUnavailableError) return { failed: true, attempts: error.attempts };
      throw error;
    }
  }

  /** How many model calls interpretations of this style and language have cost (for tests and ops). */
  async interpretationCalls(type: CoachType, locale: "en" | "ko"): Promise<number> {
    return this.interpretationCache.calls(interpretationKey(type, locale));
  }

  // ── fault injection ────────────────────────────────────────────────────────────────────────

  /**
   * Development-only (POST /v1/admin/faults/evict): resets this object as a crash or a deploy would.
   * Calls in flight fail, storage survives, and the next call builds a fresh instance from it.
   */
  async evict(): Promise<void> {
    this.ctx.abort("evicted by fault injection");
  }

  // ── background ─────────────────────────────────────────────────────────────────────────────

  override async alarm(): Promise<void> {
    const now = Date.now();
    await this.outbox.flush(createBus(this.env));
    // retention is counted in days: trimming once an hour per actor instance is plenty
    if (now - this.prunedAt >= PRUNE_EVERY_MS) {
      this.taste.pruneTraces(now);
      this.inbox.pruneLedger(now);
      this.prunedAt = now;
    }
  }

  /** GET /v1/me/export: one bounded page of what this actor keeps about the user (user/export.ts). */
  async exportPage(request: UserExportRequest): Promise<UserExportPage> {
    return exportUserPage(this.sql, request);
  }

  /** DELETE /v1/me: everything this actor holds goes (rows counted for the receipt); `{reset}` follows. */
  async eraseAll(): Promise<number> {
    return eraseStorage(this.ctx);
  }
}
