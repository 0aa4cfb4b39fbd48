import { sql } from "drizzle-orm";
import { ITEMS_NAMESPACE } from "../../durable-objects/user/recommend";
import type { TrendHit } from "../../durable-objects/trending-actor";
import { itemEvents, itemInterest } from "../../schemas/db";
import type { LoggedEvent } from "../../schemas/events";
import { EVENT_WEIGHTS } from "../domain/preference";
import { configOf, type AppEnv } from "../env";
import { createDb, type Db } from "../ports/db/d1";
import { findItems } from "../ports/db/items";
import { createEmbedder } from "../ports/embeddings";
import { createVectorIndex } from "../ports/vectors";

const INTEREST_KINDS = new Set(["view", "click", "add_to_cart"] as const);
// a search "was for" an item when the item is among its closest matches above this similarity
const SEARCH_MATCH_MIN_SCORE = 0.25;
const SEARCH_MATCHES = 3;

// keeps each statement's JSON parameter far below D1's 2 MB limit on a bound value
const EVENTS_PER_STATEMENT = 2000;

type Interest = { itemId: string; userId: string; kind: "view" | "click" | "add_to_cart" | "search"; lastAt: number };

/**
 * Inserts the events in one statement (the rows travel as one JSON parameter, so up to
 * EVENTS_PER_STATEMENT events are one round trip); returns the ones that were new, so redelivered ones are not counted twice.
 */
async function insertNew(db: Db, events: LoggedEvent[]): Promise<LoggedEvent[]> {
  if (events.length === 0) return [];
  const rows = await db.all<{ user_id: string; trace_id: string }>(sql`
    INSERT INTO ${itemEvents} (user_id, trace_id, type, item_id, query, at)
    SELECT value ->> 'userId', value ->> 'traceId', value ->> 'type', value ->> 'itemId', value ->> 'query', value ->> 'at'
    FROM json_each(${JSON.stringify(events)}) WHERE true
    ON CONFLICT DO NOTHING
    RETURNING user_id, trace_id`);
  // a redelivered event can appear twice in one batch: each new row counts once
  const inserted = new Set(rows.map((r) => `${r.user_id}\n${r.trace_id}`));
  return events.filter((e) => inserted.delete(`${e.userId}\n${e.traceId}`));
}

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

async function upsertInterest(db: Db, interest: Interest[]): Promise<void> {
  if (interest.length === 0) return;
  await db.run(sql`
    INSERT INTO ${itemInterest} (item_id, user_id, kind, last_at)
    SELECT value ->> 'itemId', value ->> 'userId', value ->> 'kind', value ->> 'lastAt'
    FROM json_each(${JSON.stringify(interest)}) WHERE true
    ON CONFLICT (item_id, user_id) DO UPDATE SET kind = excluded.kind, last_at = max(last_at, excluded.last_at)`);
}

/** Categories of the events' items: carried in the event since it was accepted, D1 for older messages. */
async function categoriesOf(db: Db, events: LoggedEvent[]): Promise<Map<string, string>> {
  const known = new Map<string, string>();
  const unknown: string[] = [];
  for (const e of events) {
    if (!e.itemId) continue;
    if (e.category) known.set(e.itemId, e.category);
    else if (e.category === undefined) unknown.push(e.itemId);
  }
  for (const row of unknown.length > 0 ? await findItems(db, unknown) : []) known.set(row.id, row.category);
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
  const db = createDb(env);
  const fresh = await insertNew(db, events);
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
  await upsertInterest(db, [...direct, ...searches]);
  const categories = await categoriesOf(db, fresh);
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
