import { CATEGORIES, type Category, type CategoryMinutes } from "../../../schemas/lifelog";
import { DAY_MS, dayBounds, HOUR_MS, offsetPieces } from "./days";
import type { Block } from "./types";

const MINUTE_MS = 60_000;
const COLUMN = new Map<Category, number>(CATEGORIES.map((c, i) => [c, i]));

/**
 * A day's totals: minutes per category, the same split by local hour (24 × CATEGORIES, hour-major), and
 * whether the user exercised. Hours are wall-clock hours, so on the day clocks fall back the repeated
 * hour adds into one slot and on the day they spring forward the skipped hour stays 0.
 */
export function summarizeDay(
  blocks: Block[],
  day: string,
  tz: string,
): { minutes: CategoryMinutes; hours: number[]; exercise: boolean } {
  const bounds = dayBounds(day, tz);
  const minutes = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as CategoryMinutes;
  const hours = new Array<number>(24 * CATEGORIES.length).fill(0);
  // a day has at most a couple of offsets; within one, local hours start at fixed instants
  const pieces = offsetPieces(bounds.start, bounds.end, tz);
  for (const block of blocks) {
    const column = COLUMN.get(block.category)!;
    for (const piece of pieces) {
      let at = Math.max(block.start, piece.from);
      const end = Math.min(block.end, piece.to);
      while (at < end) {
        const wall = at + piece.offset;
        const intoHour = ((wall % HOUR_MS) + HOUR_MS) % HOUR_MS;
        const until = Math.min(end, at + HOUR_MS - intoHour);
        const hour = Math.floor((((wall % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS);
        hours[hour * CATEGORIES.length + column]! += (until - at) / MINUTE_MS;
        minutes[block.category] += (until - at) / MINUTE_MS;
        at = until;
      }
    }
  }
  return { minutes, hours, exercise: minutes.exercise > 0 };
}
