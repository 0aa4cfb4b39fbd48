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
const ROWS_PER_STATEMENT = 10;

type Interest = { itemId: string; userId: string; kind: "view" | "click" | "add_to_cart" | "search"; lastAt: Date };

/** Inserts the events; returns the ones that were new, so redelivered ones are not counted twice. */
async function insertNew(db: Db, events: LoggedEvent[]): Promise<LoggedEvent[]> {
  const fresh: LoggedEvent[] = [];
  for (let i = 0; i < events.length; i += ROWS_PER_STATEMENT) {
    const chunk = events.slice(i, i + ROWS_PER_STATEMENT);
    const rows = await db
      .insert(itemEvents)
      .values(chunk.map((e) => ({ ...e, at: new Date(e.at) })))
      .onConflictDoNothing()
      .returning({ userId: itemEvents.userId, traceId: itemEvents.traceId });
    const inserted = new Set(rows.map((r) => `${r.userId}\n${r.traceId}`));
    fresh.push(...chunk.filter((e) => inserted.has(`${e.userId}\n${e.traceId}`)));
  }
  return fresh;
}

async function searchInterest(env: AppEnv, searches: LoggedEvent[]): Promise<Interest[]> {
  if (searches.length === 0) return [];
  const config = configOf(env);
  const vectors = await createEmbedder(env, config).embed(searches.map((e) => e.query ?? ""));
  const index = createVectorIndex(env, config);
  const out: Interest[] = [];
  for (const [i, e] of searches.entries()) {
    const matches = await index.query(ITEMS_NAMESPACE, vectors[i]!, { topK: SEARCH_MATCHES });
    for (const m of matches.filter((m) => m.score >= SEARCH_MATCH_MIN_SCORE)) {
      out.push({ itemId: m.id, userId: e.userId, kind: "search", lastAt: new Date(e.at) });
    }
  }
  return out;
}

async function upsertInterest(db: Db, interest: Interest[]): Promise<void> {
  for (let i = 0; i < interest.length; i += ROWS_PER_STATEMENT) {
    await db
      .insert(itemInterest)
      .values(interest.slice(i, i + ROWS_PER_STATEMENT))
      .onConflictDoUpdate({
        target: [itemInterest.itemId, itemInterest.userId],
        set: { kind: sql`excluded.kind`, lastAt: sql`max(${itemInterest.lastAt}, excluded.last_at)` },
      });
  }
}

/**
 * The behaviour log: D1 rows (idempotent on user + trace id), the price-drop audience (who viewed,
 * carted or searched for what), and trending counts for the events that were new.
 */
export async function logEvents(env: AppEnv, events: LoggedEvent[]): Promise<void> {
  const db = createDb(env);
  const fresh = await insertNew(db, events);
  const direct: Interest[] = fresh.flatMap((e) =>
    e.itemId && INTEREST_KINDS.has(e.type as "view")
      ? [{ itemId: e.itemId, userId: e.userId, kind: e.type as "view", lastAt: new Date(e.at) }]
      : [],
  );
  await upsertInterest(db, [
    ...direct,
    ...(await searchInterest(
      env,
      fresh.filter((e) => e.type === "search"),
    )),
  ]);
  if (fresh.length === 0) return;
  const categories = new Map(
    (
      await findItems(
        db,
        fresh.flatMap((e) => (e.itemId ? [e.itemId] : [])),
      )
    ).map((r) => [r.id, r.category]),
  );
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
