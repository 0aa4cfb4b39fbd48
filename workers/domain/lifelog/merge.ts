import type { Source } from "../../../schemas/lifelog";
import type { Block, ClassifiedEvent } from "./types";

const EVENT_ID = /^[A-Za-z0-9_.:@-]{1,128}$/;
const ENTRY_ID = /^tl_[A-Za-z0-9_-]{6,200}$/;
// the version tag also pads a one-character event id to the six characters an entry id needs
const TAG = "v1:";

/**
 * A timeline entry's id names the event that leads its block, so feedback on the entry reaches the
 * event without a lookup table. `occurrence` tells apart the blocks one event leads when another event
 * splits it; the id still names the same event.
 */
export function entryIdOf(eventId: string, occurrence = 0): string {
  const bytes = new TextEncoder().encode(`${TAG}${eventId}${occurrence > 0 ? `#${occurrence}` : ""}`);
  const base64 = btoa(String.fromCharCode(...bytes));
  return `tl_${base64.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")}`;
}

/** The event an entry id names, or null for anything entryIdOf cannot have produced. */
export function eventIdOfEntry(entryId: string): string | null {
  if (!ENTRY_ID.test(entryId)) return null;
  let text: string;
  try {
    const binary = atob(entryId.slice(3).replace(/-/g, "+").replace(/_/g, "/"));
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(
      Uint8Array.from(binary, (c) => c.charCodeAt(0)),
    );
  } catch {
    return null;
  }
  const m = /^v1:([^#]*)(?:#([1-9]\d{0,5}))?$/.exec(text);
  if (!m || !EVENT_ID.test(m[1]!)) return null;
  // base64 has several spellings of the same bytes; only the one we hand out is an id
  return entryIdOf(m[1]!, Number(m[2] ?? 0)) === entryId ? m[1]! : null;
}

/** Which source says best what the user was doing when several overlap: what they typed beats what was inferred. */
const PRIORITY: Record<Source, number> = { manual: 5, calendar: 4, screen_time: 3, health: 2, location: 1 };

/** An event clipped to the window; `span` is its length before clipping, which is what "shorter" means. */
type Clipped = ClassifiedEvent & { span: number };

/** Negative when `a` wins the instant: a corrected event, then source, confidence, the shorter event, the id. */
function compare(a: Clipped, b: Clipped): number {
  return (
    Number(b.classifiedBy === "correction") - Number(a.classifiedBy === "correction") ||
    PRIORITY[b.source] - PRIORITY[a.source] ||
    b.confidence - a.confidence ||
    a.span - b.span ||
    (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0)
  );
}

/** A binary heap of the events covering the sweep's current instant; ended events leave lazily. */
class Active {
  readonly #items: Clipped[] = [];

  push(e: Clipped): void {
    const items = this.#items;
    items.push(e);
    for (let i = items.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (compare(items[i]!, items[parent]!) >= 0) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  /** The winning event still running at `at`, or null. */
  top(at: number): Clipped | null {
    const items = this.#items;
    while (items.length > 0 && items[0]!.end <= at) {
      const last = items.pop()!;
      if (items.length === 0) break;
      items[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && compare(items[l]!, items[m]!) < 0) m = l;
        if (r < items.length && compare(items[r]!, items[m]!) < 0) m = r;
        if (m === i) break;
        [items[i], items[m]] = [items[m]!, items[i]!];
        i = m;
      }
    }
    return items[0] ?? null;
  }
}

/** A block under construction: the time each winner, source and place held, for the block's summary fields. */
type Draft = {
  start: number;
  end: number;
  category: ClassifiedEvent["category"];
  covered: number;
  weighted: number;
  winners: Clipped[];
  bySource: Map<Source, number>;
  byPlace: Map<string, number>;
};

const most = <K>(tally: Map<K, number>): K | null => {
  let best: K | null = null;
  let held = 0;
  for (const [k, ms] of tally)
    if (ms > held) {
      best = k;
      held = ms;
    }
  return best;
};

const add = <K>(tally: Map<K, number>, key: K, ms: number) => tally.set(key, (tally.get(key) ?? 0) + ms);

/**
 * A day's events as blocks: clipped to `window`, sorted and non-overlapping. A sweep over the 2n start
 * and end instants keeps the covering events in a heap, so each stretch between two instants has one
 * winner in O(log n); stretches with the same category join, across gaps shorter than `pulseMs`
 * (ActivityWatch's pulsetime). The gap becomes part of the block. Cost: O(n log n) plus the output.
 */
export function mergeTimeline(
  events: ClassifiedEvent[],
  window: { start: number; end: number },
  pulseMs: number,
): Block[] {
  const clipped = events
    .map((e): Clipped => ({
      eventId: e.eventId,
      source: e.source,
      start: Math.max(e.start, window.start),
      end: Math.min(e.end, window.end),
      category: e.category,
      confidence: e.confidence,
      classifiedBy: e.classifiedBy,
      place: e.place,
      span: e.end - e.start,
    }))
    .filter((e) => e.end > e.start)
    .sort((a, b) => a.start - b.start);
  const instants = new Float64Array(clipped.length * 2);
  clipped.forEach((e, i) => {
    instants[2 * i] = e.start;
    instants[2 * i + 1] = e.end;
  });
  instants.sort();
  const all = new Active();
  const places = new Active();
  const drafts: Draft[] = [];
  let next = 0;
  for (let i = 0; i + 1 < instants.length; i++) {
    const from = instants[i]!;
    const to = instants[i + 1]!;
    if (to === from) continue;
    for (; next < clipped.length && clipped[next]!.start <= from; next++) {
      all.push(clipped[next]!);
      if (clipped[next]!.source === "location") places.push(clipped[next]!);
    }
    const winner = all.top(from);
    if (!winner) continue;
    let draft = drafts[drafts.length - 1];
    if (!draft || draft.category !== winner.category || (from > draft.end && from - draft.end >= pulseMs)) {
      draft = { start: from, end: to, category: winner.category, covered: 0, weighted: 0, winners: [], ...tallies() };
      drafts.push(draft);
    }
    const ms = to - from;
    draft.end = to;
    draft.covered += ms;
    draft.weighted += winner.confidence * ms;
    if (draft.winners[draft.winners.length - 1] !== winner) draft.winners.push(winner);
    add(draft.bySource, winner.source, ms);
    const at = places.top(from);
    if (at?.place) add(draft.byPlace, at.place, ms);
  }
  return toBlocks(drafts, clipped);
}

const tallies = () => ({ bySource: new Map<Source, number>(), byPlace: new Map<string, number>() });

function toBlocks(drafts: Draft[], events: Clipped[]): Block[] {
  const contributors = sameCategoryOverlaps(drafts, events);
  const used = new Map<string, number>();
  return drafts.map((d, i) => {
    const first = d.winners.reduce((a, b) =>
      b.start < a.start || (b.start === a.start && b.eventId < a.eventId) ? b : a,
    );
    // an event split by another (the office day around a YouTube break) leads more than one block
    const occurrence = used.get(first.eventId) ?? 0;
    used.set(first.eventId, occurrence + 1);
    const classifiedBy = d.winners.some((w) => w.classifiedBy === "correction")
      ? "correction"
      : d.winners.some((w) => w.classifiedBy === "learned")
        ? "learned"
        : "baseline";
    return {
      id: entryIdOf(first.eventId, occurrence),
      start: d.start,
      end: d.end,
      category: d.category,
      confidence: Math.round((d.weighted / d.covered) * 1000) / 1000,
      source: most(d.bySource)!,
      sourceEventIds: contributors[i]!.sort((a, b) => a.start - b.start || (a.eventId < b.eventId ? -1 : 1)).map(
        (e) => e.eventId,
      ),
      geo: { place: most(d.byPlace) },
      classifiedBy,
    };
  });
}

/**
 * For each block, the events of its category that overlap it: the winners and the ones they covered.
 * Blocks of one category do not overlap, so a binary search finds each event's first block and the
 * walk from there stops at the first block past the event.
 */
function sameCategoryOverlaps(drafts: Draft[], events: Clipped[]): Clipped[][] {
  const result = drafts.map((): Clipped[] => []);
  const byCategory = new Map<string, number[]>();
  drafts.forEach((d, i) => {
    const indices = byCategory.get(d.category);
    if (indices) indices.push(i);
    else byCategory.set(d.category, [i]);
  });
  for (const e of events) {
    const indices = byCategory.get(e.category);
    if (!indices) continue;
    let lo = 0;
    let hi = indices.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (drafts[indices[mid]!]!.end <= e.start) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < indices.length && drafts[indices[k]!]!.start < e.end; k++) result[indices[k]!]!.push(e);
  }
  return result;
}
