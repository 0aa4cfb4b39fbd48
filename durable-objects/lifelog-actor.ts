import { DurableObject } from "cloudflare:workers";
import type {
  ActivityEvent,
  ActivityResult,
  Device,
  DeviceCreate,
  EntryFeedback,
  Privacy,
  PrivacyUpdate,
  Timeline,
  TimelineEntry,
  Week,
} from "../schemas/lifelog";
import { configOf, type AppEnv } from "../workers/env";
import { logEvent } from "../workers/log";
import { createBus } from "../workers/ports/bus";
import { archiveDays, archivedDays } from "../workers/ports/db/lifelog";
import { archiveOldDays, dayBlocks, weekBlocks, type DayArchive } from "./lifelog/archive";
import { Lifelog } from "./lifelog/lifelog";
import type { SnapshotSource } from "../workers/domain/social/snapshot";
import { snapshotSource } from "./lifelog/snapshot";
import { Outbox } from "./shared/outbox";
import { exportPage as exportLifelogPage, type LifelogExportPage, type LifelogExportRequest } from "./lifelog/export";
import { eraseStorage, RESET_REASON } from "./shared/erase-storage";

const ARCHIVE_EVERY_MS = 3_600_000;
/**
 * Day totals are recomputed at most this often: a device streaming batches would otherwise have every
 * touched day merged again on every flush. A user who pauses gets theirs with the next flush.
 */
const SUMMARIES_EVERY_MS = 5000;
const DAY_MS = 86_400_000;

/**
 * One per user, addressed by the verified token's `sub` like the UserActor, and owner of the user's
 * life-log: devices, consent, the hot 30 days of events, corrections and the location key. It is a
 * separate actor so a device uploading hundreds of events never queues behind the user's live
 * channel or recommendations, and each gets its own alarm. Its outbox sends accepted events
 * (`activity.raw`) and the totals of changed days (`timeline.day`) to the queue.
 */
export class LifelogActor extends DurableObject<AppEnv> {
  private lifelog!: Lifelog;
  private outbox!: Outbox;
  private userId: string | null = null;
  private archivedAt = 0;
  private summarizedAt = 0;
  private readonly archive: DayArchive = {
    read: (userId, from, to) => archivedDays(this.env, userId, from, to),
    write: (userId, days, now) => archiveDays(this.env, userId, days, now),
  };

  constructor(ctx: DurableObjectState, env: AppEnv) {
    super(ctx, env);
    void ctx.blockConcurrencyWhile(async () => {
      const sql = ctx.storage.sql;
      const config = configOf(env);
      sql.exec(`CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`);
      this.userId =
        sql.exec<{ value: string }>(`SELECT value FROM meta WHERE key = 'userId'`).toArray()[0]?.value ?? null;
      // devices upload in batches of up to 500: ship on the timer (every 5 s while busy) unless 2,000 wait
      this.outbox = new Outbox(sql, ctx.storage, 2000);
      this.lifelog = new Lifelog(sql, this.outbox, {
        pulseMs: config.LIFELOG_PULSE_MINUTES * 60_000,
        hotDays: config.LIFELOG_HOT_DAYS,
      });
    });
  }

  /** The actor learns whose it is from the first call (the Worker names it by the same verified id). */
  private own(userId: string): string {
    if (this.userId === null) {
      this.ctx.storage.sql.exec(`INSERT OR IGNORE INTO meta (key, value) VALUES ('userId', ?)`, userId);
      this.userId = userId;
    }
    return this.userId;
  }

  // ── devices and consent ────────────────────────────────────────────────────────────────────

  async addDevice(userId: string, input: DeviceCreate): Promise<Device> {
    this.own(userId);
    return this.lifelog.devices.add(input, Date.now());
  }

  async devices(): Promise<Device[]> {
    return this.lifelog.devices.list();
  }

  async removeDevice(id: string): Promise<boolean> {
    return this.lifelog.devices.remove(id);
  }

  async privacy(): Promise<Privacy> {
    return this.lifelog.settings.privacy();
  }

  async updatePrivacy(userId: string, change: PrivacyUpdate): Promise<Privacy> {
    this.own(userId);
    return this.lifelog.settings.update(change, Date.now());
  }

  // ── events and timeline ────────────────────────────────────────────────────────────────────

  async ingest(userId: string, events: ActivityEvent[]): Promise<ActivityResult> {
    const { days: _, ...result } = await this.lifelog.ingest(this.own(userId), events, Date.now());
    return result;
  }

  /**
   * A day's blocks; a day before `since` (the first day the caller's plan shows) is not read and comes
   * back empty and `hidden`, whatever the route checked: a downgrade hides old days and deletes nothing.
   */
  async timeline(userId: string, day: string, tz: string, since: string | null = null): Promise<Timeline> {
    this.lifelog.settings.tz = tz;
    if (since !== null && day < since) return { ...this.lifelog.timelineOf(day, tz, [], false), hidden: true };
    const { blocks, archived } = await dayBlocks(this.lifelog, this.archive, this.own(userId), day, tz, Date.now());
    return this.lifelog.timelineOf(day, tz, blocks, archived);
  }

  async week(userId: string, start: string, tz: string, since: string | null = null): Promise<Week> {
    this.lifelog.settings.tz = tz;
    const days = await weekBlocks(this.lifelog, this.archive, this.own(userId), start, tz, Date.now(), since);
    return this.lifelog.weekOf(days, start, tz);
  }

  /**
   * What a post may share of one entry or one day (categories and times, never places) and the user's
   * privacy level, which decides the snapshot's shape (workers/domain/social/snapshot.ts). Days are in `tz`,
   * or in the zone the user last read their timeline in.
   */
  async snapshot(userId: string, ref: { entryId?: string; day?: string }, tz: string | null): Promise<SnapshotSource> {
    return snapshotSource(this.lifelog, this.archive, this.own(userId), ref, tz ?? this.lifelog.tz, Date.now());
  }

  /** Null when the entry is not one of this user's blocks in the hot window. */
  async correct(userId: string, entryId: string, feedback: EntryFeedback): Promise<TimelineEntry | null> {
    this.own(userId);
    return (await this.lifelog.correct(entryId, feedback, Date.now()))?.entry ?? null;
  }

  /** Erasure: every sealed copy of the user's places (here, in D1, on the queue) becomes unreadable. */
  async forgetLocationKey(): Promise<void> {
    this.lifelog.key.forget();
  }

  // ── background ─────────────────────────────────────────────────────────────────────────────

  override async alarm(): Promise<void> {
    const now = Date.now();
    const userId = this.userId;
    if (userId !== null && this.lifelog.hasDirtyDays()) {
      if (now - this.summarizedAt >= SUMMARIES_EVERY_MS) {
        this.summarizedAt = now;
        const days = await this.lifelog.publishDirtyDays(userId, now);
        if (days.length > 0) await this.announce(userId, days);
      }
      // more than a call's worth of days, or days changed since: come back for them
      if (this.lifelog.hasDirtyDays()) await this.outbox.wakeAt(this.summarizedAt + SUMMARIES_EVERY_MS);
    }
    await this.outbox.flush(createBus(this.env));
    if (userId !== null && now - this.archivedAt >= ARCHIVE_EVERY_MS) {
      this.archivedAt = now;
      const more = await archiveOldDays(this.lifelog, this.archive, userId, now);
      if (more) this.archivedAt = 0;
      // a backlog continues a minute later; a quiet user's actor still wakes daily to archive
      await this.outbox.wakeAt(now + (more ? 60_000 : DAY_MS));
    }
  }

  /** `timeline.updated` on the user's live channel; a missed push costs nothing that a reload does not fix. */
  private async announce(userId: string, days: string[]): Promise<void> {
    try {
      await this.env.USER_ACTOR.get(this.env.USER_ACTOR.idFromName(userId)).push("timeline.updated", { days });
    } catch (error) {
      logEvent("warn", "lifelog: timeline.updated push failed", { days: days.length, error: String(error) });
    }
  }

  /** GET /v1/me/export: one bounded page of the user's life-log, places opened with their key (lifelog/export.ts). */
  async exportPage(request: LifelogExportRequest): Promise<LifelogExportPage> {
    return exportLifelogPage(this.ctx.storage.sql, this.lifelog, request, Date.now());
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
