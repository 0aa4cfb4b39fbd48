import type { TrendHit } from "../../durable-objects/trending-actor";
import type { LoggedEvent } from "../../schemas/events";
import { ITEMS_NAMESPACE } from "../../schemas/vectors";
import { EVENT_WEIGHTS } from "../domain/preference";
import { configOf, type AppEnv } from "../env";
import { writeBehaviourLog } from "../ports/db/behaviour-log";
import type { Interest } from "../ports/db/item-interest";
import { notifyLateInterest } from "./price-drops";
import { findItems } from "../ports/db/items";
import { createEmbedder } from "../ports/embeddings";
import { createVectorIndex } from "../ports/vectors";

const INTEREST_KINDS = new Set(["view", "click", "add_to_cart"] as const);
// a search "was for" an item when the item is among its closest matches above this similarity
const SEARCH_MATCH_MIN_SCORE = 0.25;
const SEARCH_MATCHES = 3;

async function searchInterest(env: AppEnv, searches: LoggedEvent[]): Promise<Interest[]> {
  if (searches.length === 0) return [];
  const config = configOf(env);
  const vectors = await createEmbedder(env, config).embed(searches.map((e) => e.query ?? ""));
  const index = createVectorIndex(env, config);
  const matches = await Promise.all(
    searches.map((_, i) => index.query(ITEMS_NAMESPACE, vectors[i]!, { topK: SEARCH_MATCHES })),
  );
  return searches.flatMap((e, i) =>
    matches[i]!.filter((m) => m.score >= SEARCH_MATCH_MIN_SCORE).map((m): Interest => ({
      itemId: m.id,
      userId: e.userId,
      kind: "search",
      lastAt: e.at,
    })),
  );
}

/** One row per item and user: the latest moment and the kind shown then (what the table keeps). */
export function latestInterest(interest: Interest[]): Interest[] {
  const latest = new Map<string, Interest>();
  for (const i of interest) {
    const key = `${i.itemId}\n${i.userId}`;
    const seen = latest.get(key);
    if (!seen || i.lastAt >= seen.lastAt) latest.set(key, i);
  }
  return [...latest.values()];
}

/** Categories of the events' items: carried in the event since it was accepted, D1 for older messages. */
async function categoriesOf(env: AppEnv, events: LoggedEvent[]): Promise<Map<string, string>> {
  const known = new Map<string, string>();
  const unknown: string[] = [];
  for (const e of events) {
    if (!e.itemId) continue;
    if (e.category) known.set(e.itemId, e.category);
    else if (e.category === undefined) unknown.push(e.itemId);
  }
  for (const row of unknown.length > 0 ? await findItems(env, unknown) : []) known.set(row.id, row.category);
  return known;
}

/**
 * The behaviour log of one queue batch: D1 rows (idempotent on user + trace id), the price-drop
 * audience (who viewed, carted or searched for what) and the drops it landed too late for, all in one
 * D1 round trip; then trending counts for the events that were new, in one call. Interest is written
 * for every event, new or redelivered (the write is idempotent), so a batch that failed after its
 * rows were inserted still records its interest and notifications when it is retried.
 */
export async function logEvents(env: AppEnv, events: LoggedEvent[]): Promise<void> {
  if (events.length === 0) return;
  const direct: Interest[] = events.flatMap((e) =>
    e.itemId && INTEREST_KINDS.has(e.type as "view")
      ? [{ itemId: e.itemId, userId: e.userId, kind: e.type as "view", lastAt: e.at }]
      : [],
  );
  const searches = await searchInterest(
    env,
    events.filter((e) => e.type === "search"),
  );
  const interest = [...direct, ...searches];
  const since = interest.reduce((min, i) => Math.min(min, i.lastAt), Infinity);
  const { fresh, drops } = await writeBehaviourLog(env, events, latestInterest(interest), since);
  await notifyLateInterest(env, interest, drops);
  if (fresh.length === 0) return;
  const categories = await categoriesOf(env, fresh);
  const hits: TrendHit[] = fresh.flatMap((e) => {
    const category = e.itemId ? categories.get(e.itemId) : undefined;
    const weight = EVENT_WEIGHTS[e.type];
    return category && weight > 0 ? [{ itemId: e.itemId!, category, weight, at: e.at }] : [];
  });
  await env.TRENDING.get(env.TRENDING.idFromName("global")).bump(
    hits,
    fresh.map((e) => e.at),
  );
}
