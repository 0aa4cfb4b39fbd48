import type { Category, Source } from "../../schemas/lifelog";
import type { ClassifiedBy } from "../../workers/domain/lifelog/types";

/** An accepted event as the actor keeps it; location metadata is sealed (see LocationKey). */
export type StoredActivity = {
  eventId: string;
  source: Source;
  start: number;
  end: number;
  deviceId: string | null;
  metadata: Record<string, unknown>;
  category: Category;
  confidence: number;
  classifiedBy: Exclude<ClassifiedBy, "correction">;
  /** The category the user gave the block this event is in, which beats any classification. */
  corrected: Category | null;
};

export type MergeRow = Pick<
  StoredActivity,
  "eventId" | "source" | "start" | "end" | "category" | "confidence" | "classifiedBy" | "corrected"
> & { sealedPlace: string | null };

type Row = {
  event_id: string;
  source: Source;
  start_ms: number;
  end_ms: number;
  device_id: string | null;
  metadata: string;
  category: Category;
  confidence: number;
  classified_by: StoredActivity["classifiedBy"];
  corrected: Category | null;
};

const toActivity = (r: Row): StoredActivity => ({
  eventId: r.event_id,
  source: r.source,
  start: r.start_ms,
  end: r.end_ms,
  deviceId: r.device_id,
  metadata: JSON.parse(r.metadata) as Record<string, unknown>,
  category: r.category,
  confidence: r.confidence,
  classifiedBy: r.classified_by,
  corrected: r.corrected,
});

/** No event is longer than this (ActivityEventSchema), so a time range is found through the start index. */
const LONGEST_MS = 24 * 3_600_000;

/** The hot copy of the user's life-log events (the last 30 days; older ones move to the archive). */
export class ActivityStore {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(`CREATE TABLE IF NOT EXISTS lifelog_events (
      event_id TEXT PRIMARY KEY, source TEXT NOT NULL, start_ms INTEGER NOT NULL, end_ms INTEGER NOT NULL,
      device_id TEXT, metadata TEXT NOT NULL, category TEXT NOT NULL, confidence REAL NOT NULL,
      classified_by TEXT NOT NULL, corrected TEXT, received_at INTEGER NOT NULL)`);
    sql.exec(`CREATE INDEX IF NOT EXISTS lifelog_events_start ON lifelog_events (start_ms)`);
    // event ids archived and deleted here: a replay of one is still a duplicate, not a second copy
    sql.exec(`CREATE TABLE IF NOT EXISTS lifelog_archived_ids (event_id TEXT PRIMARY KEY, start_ms INTEGER NOT NULL)`);
  }

  /**
   * Inserts the events whose ids are new, in one statement, and returns those. Synchronous, so two
   * concurrent deliveries of one id can never both count it.
   */
  insert(events: StoredActivity[], now: number): StoredActivity[] {
    if (events.length === 0) return [];
    const fresh = new Set(
      this.sql
        .exec<{ event_id: string }>(
          `INSERT OR IGNORE INTO lifelog_events (event_id, source, start_ms, end_ms, device_id, metadata, category,
             confidence, classified_by, corrected, received_at)
           SELECT e.value ->> '$.eventId', e.value ->> '$.source', e.value ->> '$.start', e.value ->> '$.end',
             e.value ->> '$.deviceId', e.value -> '$.metadata', e.value ->> '$.category', e.value ->> '$.confidence',
             e.value ->> '$.classifiedBy', NULL, ?
           FROM json_each(?) AS e
           WHERE NOT EXISTS (SELECT 1 FROM lifelog_archived_ids a WHERE a.event_id = e.value ->> '$.eventId')
           RETURNING event_id`,
          now,
          JSON.stringify(events),
        )
        .toArray()
        .map((r) => r.event_id),
    );
    return events.filter((e) => fresh.delete(e.eventId));
  }

  get(eventId: string): StoredActivity | undefined {
    const row = this.sql.exec<Row>(`SELECT * FROM lifelog_events WHERE event_id = ?`, eventId).toArray()[0];
    return row && toActivity(row);
  }

  /**
   * What the merge needs of the events overlapping [from, to): no metadata beyond a location's sealed
   * place, so a timeline read does not parse every row's JSON.
   */
  forMerge(from: number, to: number): MergeRow[] {
    return this.sql
      .exec<MergeRow>(
        `SELECT event_id AS eventId, source, start_ms AS start, end_ms AS end, category, confidence,
           classified_by AS classifiedBy, corrected,
           CASE WHEN source = 'location' THEN metadata ->> '$.place' END AS sealedPlace
         FROM lifelog_events WHERE start_ms >= ? AND start_ms < ? AND end_ms > ? ORDER BY start_ms`,
        from - LONGEST_MS,
        to,
        from,
      )
      .toArray();
  }

  /** Gives these events the category the user chose for their block. */
  correct(eventIds: string[], category: Category): void {
    this.sql.exec(
      `UPDATE lifelog_events SET corrected = ? WHERE event_id IN (SELECT value FROM json_each(?))`,
      category,
      JSON.stringify(eventIds),
    );
  }

  /** The earliest start of an event that ends by `cutoff` (what archiving moves out), if any. */
  oldestBefore(cutoff: number): number | null {
    return (
      this.sql
        .exec<{ start: number | null }>(
          `SELECT min(start_ms) AS start FROM lifelog_events WHERE start_ms < ? AND end_ms <= ?`,
          cutoff,
          cutoff,
        )
        .one().start ?? null
    );
  }

  /** Deletes events that end by `cutoff`, remembering their ids; returns how many went. */
  removeEndedBy(cutoff: number, startBefore: number): number {
    this.sql.exec(
      `INSERT OR IGNORE INTO lifelog_archived_ids (event_id, start_ms)
       SELECT event_id, start_ms FROM lifelog_events WHERE start_ms < ? AND end_ms <= ?`,
      startBefore,
      cutoff,
    );
    return this.sql
      .exec(`DELETE FROM lifelog_events WHERE start_ms < ? AND end_ms <= ? RETURNING event_id`, startBefore, cutoff)
      .toArray().length;
  }

  /** Forgets archived ids older than `before` (a device does not replay events that old). */
  pruneArchivedIds(before: number): void {
    this.sql.exec(`DELETE FROM lifelog_archived_ids WHERE start_ms < ?`, before);
  }
}
