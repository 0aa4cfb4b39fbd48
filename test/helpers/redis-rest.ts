import { inject } from "vitest";

/** The REST server over redis-server from setup-redis.ts, or null when redis-server is missing. */
export const redisRest = inject("redisRest");

/** One raw command through the REST protocol (plain JSON answers), to look at what an adapter stored. */
export async function redisCommand(command: (string | number)[]): Promise<unknown> {
  const res = await fetch(redisRest!.url, {
    method: "POST",
    headers: { Authorization: `Bearer ${redisRest!.token}`, "Content-Type": "application/json" },
    body: JSON.stringify(command),
  });
  const body = (await res.json()) as { result?: unknown; error?: string };
  if (!res.ok || body.error) throw new Error(`redis ${command[0]}: ${res.status} ${body.error}`);
  return body.result;
}
