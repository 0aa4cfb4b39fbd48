import { daysTouched } from "../../workers/domain/lifelog/days";
import { eventIdOfEntry } from "../../workers/domain/lifelog/merge";
import { summarizeDay } from "../../workers/domain/lifelog/summary";
import type { Block } from "../../workers/domain/lifelog/types";
import type { SnapshotBlock, SnapshotSource } from "../../workers/domain/social/snapshot";
import { dayBlocks, type DayArchive } from "./archive";
import type { Lifelog } from "./lifelog";

const bare = (b: Block): SnapshotBlock => ({
  start: new Date(b.start).toISOString(),
  end: new Date(b.end).toISOString(),
  category: b.category,
});

/**
 * One entry (by its id, among the blocks of the days its leading event touches) or one whole day, in
 * `tz`. `found` is null for an entry id that is not one of this user's hot blocks.
 */
export async function snapshotSource(
  lifelog: Lifelog,
  archive: DayArchive,
  userId: string,
  ref: { entryId?: string; day?: string },
  tz: string,
  now: number,
): Promise<SnapshotSource> {
  const visibility = lifelog.settings.privacy().visibility;
  if (ref.entryId !== undefined) {
    const eventId = eventIdOfEntry(ref.entryId);
    const event = eventId === null ? undefined : lifelog.store.get(eventId);
    if (!event) return { visibility, found: null };
    for (const day of daysTouched(event, tz)) {
      const { blocks } = await dayBlocks(lifelog, archive, userId, day, tz, now);
      const block = blocks.find((b) => b.id === ref.entryId);
      if (block) return { visibility, found: { kind: "entry", day, entry: bare(block) } };
    }
    return { visibility, found: null };
  }
  if (ref.day === undefined) return { visibility, found: null };
  const { blocks } = await dayBlocks(lifelog, archive, userId, ref.day, tz, now);
  const { minutes } = summarizeDay(blocks, ref.day, tz);
  return { visibility, found: { kind: "day", day: ref.day, blocks: blocks.map(bare), minutes } };
}
