import type { ActivityRecord, TimelineEntry } from "../../schemas/lifelog";
import type { Block } from "../../workers/domain/lifelog/types";
import type { StoredActivity } from "./activity-store";

const iso = (ms: number) => new Date(ms).toISOString();

/** A merged block as the API answers it. */
export const toEntry = (b: Block): TimelineEntry => ({
  id: b.id,
  start: iso(b.start),
  end: iso(b.end),
  category: b.category,
  confidence: Math.round(b.confidence * 100) / 100,
  source: b.source,
  sourceEventIds: b.sourceEventIds,
  geo: b.geo,
  classifiedBy: b.classifiedBy,
});

/** An accepted event as the archive receives it (`activity.raw` v1), places still sealed. */
export const toRecord = (e: StoredActivity): ActivityRecord => ({
  eventId: e.eventId,
  source: e.source,
  start: e.start,
  end: e.end,
  deviceId: e.deviceId,
  category: e.category,
  confidence: e.confidence,
  metadata: e.metadata,
});
