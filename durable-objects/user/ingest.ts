import type { Event, EventsResult, LoggedEvent } from "../../schemas/events";
import { itemText } from "../../workers/domain/price-drop";
import type { Db } from "../../workers/ports/db/d1";
import { findItems, vectorOf } from "../../workers/ports/db/items";
import type { Embedder } from "../../workers/ports/embeddings";
import type { AppliedEvent } from "./taste-store";

export type Resolved = {
  applied: AppliedEvent[];
  logged: LoggedEvent[];
  rejected: EventsResult["rejected"];
};

/**
 * Turns claimed events into taste updates: looks their items up in D1 (unknown ids are rejected
 * one by one, with a reason), and embeds search queries and any item not embedded yet, in one
 * embedder call. Timestamps in the future are clamped to now.
 */
export async function resolveEvents(
  userId: string,
  events: { index: number; event: Event }[],
  deps: { db: Db; embedder: Embedder; now: number },
): Promise<Resolved> {
  const itemIds = events.flatMap(({ event }) => (event.itemId ? [event.itemId] : []));
  const rows = new Map((await findItems(deps.db, itemIds)).map((r) => [r.id, r]));
  const texts: string[] = [];
  const textIndex = new Map<string, number>();
  const need = (text: string) => {
    if (!textIndex.has(text)) textIndex.set(text, texts.push(text) - 1);
  };
  for (const { event } of events) {
    if (event.type === "search" && event.query) need(event.query);
    const row = event.itemId ? rows.get(event.itemId) : undefined;
    if (row && !row.vector) need(itemText(row));
  }
  const embedded = texts.length > 0 ? await deps.embedder.embed(texts) : [];
  const vectorFor = (text: string) => embedded[textIndex.get(text)!] ?? null;

  const out: Resolved = { applied: [], logged: [], rejected: [] };
  for (const { index, event } of events) {
    const at = Math.min(event.at ? Date.parse(event.at) : deps.now, deps.now);
    const row = event.itemId ? rows.get(event.itemId) : undefined;
    if (event.itemId && !row) {
      out.rejected.push({ index, traceId: event.traceId, reason: `unknown item ${event.itemId}` });
      continue;
    }
    const vector =
      event.type === "search" ? vectorFor(event.query!) : row ? (vectorOf(row) ?? vectorFor(itemText(row))) : null;
    out.applied.push({ type: event.type, itemId: row?.id ?? null, title: row?.title ?? null, vector, at });
    out.logged.push({
      userId,
      traceId: event.traceId,
      type: event.type,
      itemId: row?.id ?? null,
      query: event.query ?? null,
      at,
    });
  }
  return out;
}
