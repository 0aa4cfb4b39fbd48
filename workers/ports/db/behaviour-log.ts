import type { LoggedEvent } from "../../../schemas/events";
import { d1Statement, type D1Env } from "./d1";
import { insertEventsStatement, newEvents, type InsertedEvent } from "./item-events";
import { upsertInterestStatement, type Interest } from "./item-interest";
import { dropsSinceStatement, type PriceDropRecord } from "./price-drops";

// keeps each statement's JSON parameter far below D1's 2 MB limit on a bound value
const EVENTS_PER_STATEMENT = 2000;
const INTEREST_PER_STATEMENT = 4000;

const chunks = <T>(list: T[], size: number) =>
  Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));

export type BehaviourWrite = {
  /** The events that were not in the log before (a redelivered batch finds its events there). */
  fresh: LoggedEvent[];
  /** Price drops of the interest's items since the earliest interest, for interest that landed late. */
  drops: PriceDropRecord[];
};

/**
 * One consumer batch of the behaviour log in one D1 round trip (one transaction): the events, the
 * interest they show (written idempotently, so it needs no freshness) and the drops that interest
 * may have missed. `interest` is written as given; `lateSince` is the earliest moment to look for drops.
 */
export async function writeBehaviourLog(
  env: D1Env,
  events: LoggedEvent[],
  interest: Interest[],
  lateSince: number,
): Promise<BehaviourWrite> {
  if (events.length === 0) return { fresh: [], drops: [] };
  const inserts = chunks(events, EVENTS_PER_STATEMENT).map((chunk) => d1Statement(env, insertEventsStatement(chunk)));
  const upserts = chunks(interest, INTEREST_PER_STATEMENT).map((chunk) =>
    d1Statement(env, upsertInterestStatement(chunk)),
  );
  // drops are read after the interest is written: a drop recorded later reads this interest itself
  const itemIds = interest.map((i) => i.itemId);
  const drops = interest.length > 0 ? [d1Statement(env, dropsSinceStatement(itemIds, lateSince))] : [];
  const results = await env.DB.batch<unknown>([...inserts, ...upserts, ...drops]);
  const inserted = results.slice(0, inserts.length).flatMap((r) => r.results as InsertedEvent[]);
  const found = drops.length > 0 ? (results.at(-1)!.results as PriceDropRecord[]) : [];
  return { fresh: newEvents(events, inserted), drops: found };
}
