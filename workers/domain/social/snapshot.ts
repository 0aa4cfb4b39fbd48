import type { PostSnapshot, PostVisibility } from "../../../schemas/social";
import { CATEGORIES, type Category, type Visibility } from "../../../schemas/lifelog";

/** A block as a post may show it: category and times only (never the place, the source or the events). */
export type SnapshotBlock = { start: string; end: string; category: Category };

/** What the author's life-log holds for a post's snapshot, and the privacy level that decides what is shown. */
export type SnapshotSource = {
  visibility: Visibility;
  found:
    | { kind: "entry"; day: string; entry: SnapshotBlock }
    | { kind: "day"; day: string; blocks: SnapshotBlock[]; minutes: Record<Category, number> }
    | null;
};

/** Why a snapshot cannot be posted as asked (the route answers 422 with it). */
export class SnapshotRefused extends Error {}

/**
 * The snapshot a post carries, decided by the author's life-log privacy level:
 * - `private`: the post itself must be `private` (then it may show the whole day's blocks or the entry);
 * - `stats_only`: a day becomes minutes per category; a single entry would show times, so it is refused;
 * - `anonymized_timeline`: the entry or the day's blocks, with categories and times only.
 * Places never reach a snapshot: the life-log actor hands over categories and times only.
 */
export function buildSnapshot(source: SnapshotSource, visibility: PostVisibility): PostSnapshot {
  const { found } = source;
  if (!found) throw new SnapshotRefused("timelineEntryId names no entry of your timeline (recent days only)");
  if (source.visibility === "private" && visibility !== "private")
    throw new SnapshotRefused(
      "your life-log privacy level is `private`: a post with a timeline snapshot must be `private` too",
    );
  const level = source.visibility === "private" ? "anonymized_timeline" : source.visibility;
  if (found.kind === "entry") {
    if (level === "stats_only")
      throw new SnapshotRefused(
        "your life-log privacy level is `stats_only`: share a day's totals (`day`), not a single entry",
      );
    return { kind: "entry", day: found.day, entry: found.entry };
  }
  if (level === "stats_only") {
    const minutes = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round(found.minutes[c] ?? 0)])) as Record<
      Category,
      number
    >;
    return { kind: "day_stats", day: found.day, minutes };
  }
  return { kind: "day_timeline", day: found.day, blocks: found.blocks };
}
