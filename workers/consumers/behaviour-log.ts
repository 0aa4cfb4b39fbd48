import type { TrendHit } from "../../durable-objects/trending-actor";
import type { LoggedEvent } from "../../schemas/events";
import { ITEMS_NAMESPACE } from "../../schemas/vectors";
import { EVENT_WEIGHTS } from "../domain/preference";
import { configOf, type AppEnv } from "../env";
import { insertNewEvents } from "../ports/db/item-events";
import { upsertInterest, type Interest } from "../ports/db/item-interest";
import { notifyLateInterest } from "./price-drops";
import { findItems } from "../ports/db/items";
import { createEmbedder } from "../ports/embeddings";
import { createVectorIndex } from "../ports/vectors";

const INTEREST_KINDS = new Set(["view", "click", "add_to_cart"] as const);
// a search "was for" an item when the item is among its closest matches above this similarity
const SEARCH_MATCH_MIN_SCORE = 0.25;
const SEARCH_MATCHES = 3;

// keeps each statement's JSON parameter far below D1's 2 MB limit on a bound value
const EVENTS_PER_STATEMENT = 2000;

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
 * The behaviour log: D1 rows (idempotent on user + trace id), the price-drop audience (who viewed,
 * carted or searched for what), and trending counts for the events that were new.
 */
export async function logEvents(env: AppEnv, events: LoggedEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += EVENTS_PER_STATEMENT)
    await logChunk(env, events.slice(i, i + EVENTS_PER_STATEMENT));
}

async function logChunk(env: AppEnv, events: LoggedEvent[]): Promise<void> {
  const fresh = await insertNewEvents(env, events);
  if (fresh.length === 0) return;
  const direct: Interest[] = fresh.flatMap((e) =>
    e.itemId && INTEREST_KINDS.has(e.type as "view")
      ? [{ itemId: e.itemId, userId: e.userId, kind: e.type as "view", lastAt: e.at }]
      : [],
  );
  const searches = await searchInterest(
    env,
    fresh.filter((e) => e.type === "search"),
  );
  const interest = [...direct, ...searches];
  await upsertInterest(env, interest);
  await notifyLateInterest(env, interest);
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
