import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { MAX_RETRIES } from "../../workers/consumers/tasks";
import { createBus } from "../../workers/ports/bus";
import { uniqueId } from "../helpers/api";
import { hyperdrive } from "../helpers/postgres";

/**
 * The whole retry path through the real local queue, not a hand-made batch: a message whose handling
 * always fails is retried with backoff (2, 4, 8 s) and, on its last delivery, dead-lettered with the
 * reason it failed. The failure: an instant Postgres cannot hold (the archive's conversion throws), so the
 * test needs the throwaway Postgres that the workers project starts.
 */
describe.skipIf(!hyperdrive)("a task that keeps failing", () => {
  it(
    "is retried by the queue and dead-lettered with its reason on the last delivery",
    { timeout: 60_000 },
    async () => {
      vi.spyOn(console, "error").mockImplementation(() => {});
      const marker = uniqueId("poison");
      const record = { eventId: marker, source: "manual", start: 9e15, end: 9e15, deviceId: null } as const;
      await createBus(env).send({
        kind: "activity.raw",
        userId: marker,
        events: [{ ...record, category: "rest", confidence: 1, metadata: {} }],
      });
      const row = await vi.waitFor(
        async () => {
          const found = await env.DB.prepare(`SELECT reason, body FROM dead_letters WHERE body LIKE ?`)
            .bind(`%${marker}%`)
            .first<{ reason: string; body: string }>();
          expect(found).not.toBeNull();
          return found!;
        },
        { timeout: 50_000, interval: 250 },
      );
      expect(row.reason).toMatch(new RegExp(`^failed ${MAX_RETRIES + 1} times: .*(Invalid time value|range)`, "i"));
      expect(JSON.parse(row.body)).toMatchObject({ kind: "activity.raw", userId: marker, v: 2 });
    },
  );
});
