import {
  MAX_ACTIVITY_EVENTS,
  type ActivityEvent,
  type ActivityResult,
  type EntryFeedback,
  type Timeline,
  type TimelineEntry,
  type Week,
} from "../../schemas/lifelog";
import { classify, patternOf, type ActivityInput } from "../../workers/domain/lifelog/classify";
import { addDays, dayBounds, daysTouched, localDay } from "../../workers/domain/lifelog/days";
import { LearnedLayer } from "../../workers/domain/lifelog/learned";
import { eventIdOfEntry, mergeTimeline } from "../../workers/domain/lifelog/merge";
import { summarizeDay } from "../../workers/domain/lifelog/summary";
import type { Block, ClassifiedEvent } from "../../workers/domain/lifelog/types";
import type { Outbox } from "../shared/outbox";
import { ActivityStore, type StoredActivity } from "./activity-store";
import { Corrections } from "./corrections";
import { Devices } from "./devices";
import { toEntry, toRecord } from "./shapes";
import { LocationKey } from "./location-key";
import { LifelogSettings } from "./settings";

export type LifelogOptions = { pulseMs: number; hotDays: number };

/** Days that changed and wait for their summary to be sent (`timeline.day`). */
const DIRTY = `CREATE TABLE IF NOT EXISTS lifelog_dirty_days (day TEXT PRIMARY KEY)`;

const SEALED_FIELDS = ["place", "geofenceId"] as const;

/**
 * The user's life-log: devices, consent, the hot 30 days of events and the timeline merged from
 * them. Classification happens once, when an event arrives (with what the user taught so far);
 * blocks are merged on read, which for a day of a few hundred events costs less than keeping
 * merged blocks in step with late, out-of-order and corrected events.
 */
export class Lifelog {
  readonly devices: Devices;
  readonly settings: LifelogSettings;
  readonly key: LocationKey;
  readonly store: ActivityStore;
  private readonly corrections: Corrections;
  /** Decrypted places by event id: a timeline read would otherwise decrypt every location event again. */
  private readonly places = new Map<string, string | null>();

  constructor(
    private readonly sql: SqlStorage,
    private readonly outbox: Outbox,
    readonly options: LifelogOptions,
  ) {
    this.devices = new Devices(sql);
    this.settings = new LifelogSettings(sql);
    this.key = new LocationKey(sql);
    this.store = new ActivityStore(sql);
    this.corrections = new Corrections(sql);
    sql.exec(DIRTY);
  }

  get tz(): string {
    return this.settings.tz ?? "UTC";
  }

  // ── ingestion ──────────────────────────────────────────────────────────────────────────────

  /** Accepts what consent and the user's devices allow; returns the result and the local days that changed. */
  async ingest(userId: string, input: ActivityEvent[], now: number): Promise<ActivityResult & { days: string[] }> {
    // the route validated the batch with ActivityBatchSchema, and only the Worker holds this stub;
    // parsing 500 events again here cost a tenth of an ingest
    const events = input.slice(0, MAX_ACTIVITY_EVENTS);
    const { consents } = this.settings.privacy();
    const result: ActivityResult = { accepted: 0, duplicates: 0, rejected: [] };
    const seen = new Set<string>();
    const candidates: ActivityEvent[] = [];
    for (const e of events) {
      const device = e.deviceId === undefined ? undefined : this.devices.get(e.deviceId);
      if (!consents[e.source]) result.rejected.push({ eventId: e.eventId, reason: "consent" });
      else if (e.deviceId !== undefined && !device)
        result.rejected.push({ eventId: e.eventId, reason: "unknown_device" });
      else if (device && !device.sources.includes(e.source))
        result.rejected.push({ eventId: e.eventId, reason: "source_not_on_device" });
      else if (seen.has(e.eventId)) result.duplicates++;
      else {
        seen.add(e.eventId);
        candidates.push(e);
      }
    }
    const tz = this.tz;
    const learned = this.corrections.layer();
    const prepared = candidates.map((e) => this.prepare(e, tz, learned));
    // everything that awaits (sealing places) happens before the synchronous insert
    await Promise.all(prepared.filter((e) => e.source === "location").map((e) => this.seal(e.metadata)));
    const inserted = this.store.insert(prepared, now);
    result.accepted = inserted.length;
    const fresh = new Set(inserted.map((e) => e.eventId));
    for (const e of candidates)
      if (e.source === "location" && fresh.has(e.eventId)) this.places.set(e.eventId, e.metadata.place);
    result.duplicates += candidates.length - inserted.length;
    if (inserted.length === 0) return { ...result, days: [] };
    this.devices.seen(new Set(inserted.flatMap((e) => (e.deviceId ? [e.deviceId] : []))), now);
    const days = this.markDirty(inserted);
    await this.outbox.addActivity(userId, inserted.map(toRecord));
    return { ...result, days };
  }

  private prepare(e: ActivityEvent, tz: string, learned: LearnedLayer | null): StoredActivity {
    const start = Date.parse(e.start);
    const end = Date.parse(e.end);
    const input: ActivityInput = { source: e.source, start, end, metadata: e.metadata };
    const { category, confidence, classifiedBy } = classify(input, tz, learned);
    const metadata: Record<string, unknown> = { ...e.metadata };
    return {
      eventId: e.eventId,
      source: e.source,
      start,
      end,
      deviceId: e.deviceId ?? null,
      metadata,
      category,
      confidence,
      classifiedBy,
      corrected: null,
    };
  }

  /** Replaces a location's place and geofence id with their sealed forms, in place. */
  private async seal(metadata: Record<string, unknown>): Promise<void> {
    for (const field of SEALED_FIELDS) {
      const value = metadata[field];
      if (typeof value === "string") metadata[field] = await this.key.seal(value);
    }
  }

  /** Records which local days the events touch; the alarm sends their summaries. */
  private markDirty(events: { start: number; end: number }[]): string[] {
    const tz = this.tz;
    const days = new Set(events.flatMap((e) => daysTouched(e, tz)));
    const list = [...days].sort();
    this.sql.exec(
      `INSERT OR IGNORE INTO lifelog_dirty_days (day) SELECT value FROM json_each(?)`,
      JSON.stringify(list),
    );
    return list;
  }

  // ── reading ────────────────────────────────────────────────────────────────────────────────

  /** The hot events of a day as the merge takes them, with places opened. */
  async blocksOf(day: string, tz: string, extra: ClassifiedEvent[] = []): Promise<Block[]> {
    const window = dayBounds(day, tz);
    const rows = this.store.forMerge(window.start, window.end);
    // places are decrypted once per event and kept; a read awaits only the ones not seen yet
    const unopened = rows.filter((r) => r.sealedPlace !== null && !this.places.has(r.eventId));
    await Promise.all(unopened.map((r) => this.placeOf(r.eventId, r.sealedPlace)));
    const events: ClassifiedEvent[] = rows.map((r) => ({
      eventId: r.eventId,
      source: r.source,
      start: r.start,
      end: r.end,
      category: r.corrected ?? r.category,
      confidence: r.corrected ? 1 : r.confidence,
      classifiedBy: r.corrected ? "correction" : r.classifiedBy,
      place: r.sealedPlace === null ? null : (this.places.get(r.eventId) ?? null),
    }));
    return mergeTimeline(extra.length > 0 ? [...events, ...extra] : events, window, this.options.pulseMs);
  }

  private async placeOf(eventId: string, sealed: unknown): Promise<string | null> {
    if (this.places.has(eventId)) return this.places.get(eventId)!;
    const place = typeof sealed === "string" ? await this.key.open(sealed) : null;
    if (this.places.size > 20_000) this.places.clear();
    this.places.set(eventId, place);
    return place;
  }

  /** The first day still kept hot here, in `tz`. */
  hotStart(now: number, tz: string): string {
    return addDays(localDay(now, tz), -this.options.hotDays);
  }

  // ── corrections ────────────────────────────────────────────────────────────────────────────

  /**
   * The user's category for a block: every event of the block takes it, and each event's pattern
   * (app, place, calendar words, hour band) is remembered so future events like it are classified so.
   * Null when the entry is not one of this user's hot blocks.
   */
  async correct(
    entryId: string,
    feedback: EntryFeedback,
    now: number,
  ): Promise<{ entry: TimelineEntry; day: string } | null> {
    const eventId = eventIdOfEntry(entryId);
    const event = eventId === null ? undefined : this.store.get(eventId);
    if (!event) return null;
    const tz = this.tz;
    const found = await this.findBlock(entryId, event, tz);
    if (!found) return null;
    const { block, day } = found;
    const members = block.sourceEventIds.map((id) => this.store.get(id)).filter((e) => e !== undefined);
    this.store.correct(block.sourceEventIds, feedback.category);
    const patterns = await Promise.all(
      members.map(async (m) => patternOf({ ...m, metadata: await this.openMetadata(m) }, tz)),
    );
    // a block of twenty YouTube sessions teaches one habit, not twenty
    const distinct = [...new Map(patterns.map((p) => [JSON.stringify(p), p])).values()];
    this.corrections.add(entryId, block.sourceEventIds, distinct, feedback, now);
    this.markDirty(members);
    await this.outbox.schedule();
    const after = (await this.blocksOf(day, tz)).find((b) => b.sourceEventIds.includes(event.eventId))!;
    return { entry: toEntry(after), day };
  }

  /** The block an entry id names: the one the event leads, on any day the event touches. */
  private async findBlock(entryId: string, event: StoredActivity, tz: string) {
    let fallback: { block: Block; day: string } | undefined;
    for (const day of daysTouched(event, tz)) {
      const blocks = await this.blocksOf(day, tz);
      const exact = blocks.find((b) => b.id === entryId);
      if (exact) return { block: exact, day };
      const containing = blocks.find((b) => b.sourceEventIds.includes(event.eventId));
      if (containing) fallback ??= { block: containing, day };
    }
    return fallback;
  }

  private async openMetadata(e: StoredActivity): Promise<Record<string, unknown>> {
    if (e.source !== "location") return e.metadata;
    return { ...e.metadata, place: await this.placeOf(e.eventId, e.metadata.place) };
  }

  // ── summaries ──────────────────────────────────────────────────────────────────────────────

  hasDirtyDays(): boolean {
    return this.sql.exec(`SELECT 1 FROM lifelog_dirty_days LIMIT 1`).toArray().length > 0;
  }

  /** Queues the totals of every day that changed (`timeline.day`), up to `limit` days per call. */
  async publishDirtyDays(userId: string, now: number, limit = 31): Promise<string[]> {
    const days = this.sql
      .exec<{ day: string }>(`SELECT day FROM lifelog_dirty_days ORDER BY day LIMIT ?`, limit)
      .toArray()
      .map((r) => r.day);
    const tz = this.tz;
    for (const day of days) {
      const summary = summarizeDay(await this.blocksOf(day, tz), day, tz);
      this.sql.exec(`DELETE FROM lifelog_dirty_days WHERE day = ?`, day);
      await this.outbox.put({ kind: "timeline.day", userId, summary: { ...summary, day, tz, at: now } }, `day:${day}`);
    }
    return days;
  }

  /** Minutes per category per day, for the week view. */
  weekOf(days: { day: string; blocks: Block[]; hidden?: boolean }[], start: string, tz: string): Week {
    return {
      start,
      tz,
      days: days.map(({ day, blocks, hidden }) => ({
        day,
        minutes: summarizeDay(blocks, day, tz).minutes,
        ...(hidden ? { hidden } : {}),
      })),
    };
  }

  timelineOf(day: string, tz: string, blocks: Block[], archived: boolean): Timeline {
    const { start, end } = dayBounds(day, tz);
    return { day, tz, hours: (end - start) / 3_600_000, entries: blocks.map(toEntry), archived };
  }
}
