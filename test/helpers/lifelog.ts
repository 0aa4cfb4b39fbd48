import { env } from "cloudflare:workers";
import { api } from "./api";

/** The user's life-log actor, as the Worker addresses it. */
export const lifelogOf = (userId: string) => env.LIFELOG.get(env.LIFELOG.idFromName(userId));

type Json = Record<string, unknown>;

export async function postActivity(token: string, events: Json[]) {
  const res = await api("/v1/activity", { method: "POST", token, json: { events } });
  return {
    status: res.status,
    body: (await res.json()) as Json & { accepted: number; duplicates: number; rejected: Json[] },
  };
}

let n = 0;
/** An event of `source` from `start` lasting `minutes` (ISO instants with an offset, as devices send them). */
export function activity(source: string, start: string, minutes: number, metadata: Json, extra: Json = {}): Json {
  const from = Date.parse(start);
  return {
    eventId: `ev-${from.toString(36)}-${(n++).toString(36)}`,
    source,
    start: new Date(from).toISOString(),
    end: new Date(from + minutes * 60_000).toISOString(),
    metadata,
    ...extra,
  };
}

export async function timelineOf(token: string, day: string, tz = "UTC") {
  const res = await api(`/v1/timeline?day=${day}&tz=${encodeURIComponent(tz)}`, { token });
  return {
    status: res.status,
    body: (await res.json()) as Json & {
      entries: (Json & { id: string; category: string; sourceEventIds: string[] })[];
      hours: number;
      archived: boolean;
    },
  };
}

/** A day `days` ago in UTC, as YYYY-MM-DD. */
export const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
