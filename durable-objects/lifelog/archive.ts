import type { TimelineEntry } from "../../schemas/lifelog";
import { addDays, dayBounds, localDay } from "../../workers/domain/lifelog/days";
import { eventIdOfEntry } from "../../workers/domain/lifelog/merge";
import type { Block, ClassifiedEvent } from "../../workers/domain/lifelog/types";
import type { ArchivedDay } from "../../workers/ports/db/lifelog";
import type { Lifelog } from "./lifelog";
import { toEntry } from "./shapes";

/** Where days older than the hot window live (D1's `timeline_days`; the actor wires it). */
export type DayArchive = {
  read(userId: string, from: string, to: string): Promise<ArchivedDay[]>;
  write(userId: string, days: ArchivedDay[], now: number): Promise<void>;
};

/** Days archived per alarm run, so one run stays short; a backlog continues on the next run. */
const DAYS_PER_RUN = 14;
/** How long ids of archived events are remembered, so a device's late replay stays a duplicate. */
const ARCHIVED_ID_DAYS = 90;
const DAY_MS = 86_400_000;
const ARCHIVED = "archived:";

/**
 * Archived blocks as events for the merge, so late events for an archived day join what is there. The
 * archive keeps places sealed (with the user's key, like every other copy); they are opened here.
 */
async function asEvents(lifelog: Lifelog, entries: TimelineEntry[]) {
  const archived = new Map<string, TimelineEntry>();
  const events: ClassifiedEvent[] = [];
  for (const [i, e] of entries.entries()) {
    // short and unique within the day; never a real event id, so an archived block cannot be corrected
    const eventId = `${ARCHIVED}${i}`;
    archived.set(eventId, e);
    events.push({
      eventId,
      source: e.source,
      start: Date.parse(e.start),
      end: Date.parse(e.end),
      category: e.category,
      confidence: e.confidence,
      classifiedBy: e.classifiedBy,
      place: e.geo.place === null ? null : await lifelog.key.open(e.geo.place),
    });
  }
  return { events, archived };
}

/**
 * Blocks with the archived pseudo-events replaced by the events they stood for; a block an archived
 * entry leads keeps that entry's id, so ids seen before archiving stay the same.
 */
const expand = (blocks: Block[], archived: Map<string, TimelineEntry>): Block[] =>
  blocks.map((b) => {
    const leader = archived.get(eventIdOfEntry(b.id) ?? "");
    return {
      ...b,
      id: leader?.id ?? b.id,
      sourceEventIds: b.sourceEventIds.flatMap((id) => archived.get(id)?.sourceEventIds ?? [id]),
    };
  });

/** A day's blocks: the hot events, plus the archive when the day is older than the hot window. */
export async function dayBlocks(
  lifelog: Lifelog,
  archive: DayArchive,
  userId: string,
  day: string,
  tz: string,
  now: number,
): Promise<{ blocks: Block[]; archived: boolean }> {
  if (day >= lifelog.hotStart(now, tz)) return { blocks: await lifelog.blocksOf(day, tz), archived: false };
  const [stored] = await archive.read(userId, day, day);
  const { events, archived } = await asEvents(lifelog, stored?.entries ?? []);
  return { blocks: expand(await lifelog.blocksOf(day, tz, events), archived), archived: stored !== undefined };
}

/**
 * Seven days' blocks from `start`, with one archive read for the days older than the hot window. Days
 * before `since` (what the caller's plan shows) are not read at all and come back empty and `hidden`.
 */
export async function weekBlocks(
  lifelog: Lifelog,
  archive: DayArchive,
  userId: string,
  start: string,
  tz: string,
  now: number,
  since: string | null = null,
) {
  const days = Array.from({ length: 7 }, (_, i) => addDays(start, i));
  const hot = lifelog.hotStart(now, tz);
  const hidden = (d: string) => since !== null && d < since;
  const old = days.filter((d) => d < hot && !hidden(d));
  const stored = old.length > 0 ? await archive.read(userId, old[0]!, old.at(-1)!) : [];
  const byDay = new Map(stored.map((d) => [d.day, d.entries]));
  return Promise.all(
    days.map(async (day) => {
      if (hidden(day)) return { day, blocks: [], hidden: true };
      const { events, archived } = await asEvents(lifelog, byDay.get(day) ?? []);
      return { day, blocks: expand(await lifelog.blocksOf(day, tz, events), archived) };
    }),
  );
}

/**
 * Moves days that left the hot window to D1: each day's final blocks (places sealed) replace its
 * archived row, merged with what was archived before (late events), and the day's events leave this
 * actor. Returns whether older days remain for the next run.
 */
export async function archiveOldDays(
  lifelog: Lifelog,
  archive: DayArchive,
  userId: string,
  now: number,
): Promise<boolean> {
  const tz = lifelog.tz;
  const cutoff = dayBounds(lifelog.hotStart(now, tz), tz).start;
  const oldest = lifelog.store.oldestBefore(cutoff);
  if (oldest === null) return false;
  const days: string[] = [];
  for (
    let day = localDay(oldest, tz);
    days.length < DAYS_PER_RUN && dayBounds(day, tz).start < cutoff;
    day = addDays(day, 1)
  )
    days.push(day);
  const archived: ArchivedDay[] = [];
  for (const day of days) {
    const { blocks } = await dayBlocks(lifelog, archive, userId, day, tz, now);
    const entries = await Promise.all(
      blocks.map(async (b) => {
        const entry = toEntry(b);
        return { ...entry, geo: { place: entry.geo.place === null ? null : await lifelog.key.seal(entry.geo.place) } };
      }),
    );
    archived.push({ day, tz, entries });
  }
  await archive.write(userId, archived, now);
  const through = dayBounds(days.at(-1)!, tz).end;
  lifelog.store.removeEndedBy(Math.min(through, cutoff), through);
  lifelog.store.pruneArchivedIds(now - (lifelog.options.hotDays + ARCHIVED_ID_DAYS) * DAY_MS);
  return lifelog.store.oldestBefore(cutoff) !== null;
}
