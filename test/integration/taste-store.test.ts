import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { TasteStore, type AppliedEvent } from "../../durable-objects/user/taste-store";
import { uniqueId } from "../helpers/api";

const LIMIT = 5;
const HALF_LIVES = { events: 10, hours: 72 };
const view = (n: number, type: AppliedEvent["type"] = "view"): AppliedEvent => ({
  type,
  itemId: `item-${n}`,
  title: `아이템 ${n}`,
  vector: [1, n % 3, 0],
  at: 1_000 + n,
});

/** Runs `fn` on the real SQLite of a fresh user actor (the store's tables live beside the actor's own). */
function inActor(fn: (sql: SqlStorage) => void) {
  return runInDurableObject(env.USER_ACTOR.get(env.USER_ACTOR.idFromName(uniqueId("taste"))), (_, state) =>
    fn(state.storage.sql),
  );
}

const rows = (sql: SqlStorage) => sql.exec<{ n: number }>(`SELECT count(*) AS n FROM recent_items`).one().n;

describe("TasteStore recent items", () => {
  it("excludes exactly the newest items however many events came before, and keeps the table bounded", async () => {
    await inActor((sql) => {
      const store = new TasteStore(sql, LIMIT);
      for (let n = 0; n < 23; n++) {
        store.apply([view(n, n % 4 === 0 ? "dismiss" : "view")], HALF_LIVES);
        expect(rows(sql)).toBeLessThanOrEqual(2 * LIMIT);
        const newest = Array.from({ length: Math.min(LIMIT, n + 1) }, (_, i) => `item-${n - i}`);
        expect([...store.excluded()].sort()).toEqual(newest.sort());
      }
      // only positive interactions within the window are "similar to" candidates, newest first
      expect(store.recentPositive().map((r) => r.itemId)).toEqual(["item-22", "item-21", "item-19", "item-18"]);
      expect(store.recentPositive()[0]!.title).toBe("아이템 22");

      // a store opened on the same storage (an actor restart) sees the same window and keeps trimming
      const reopened = new TasteStore(sql, LIMIT);
      expect([...reopened.excluded()].sort()).toEqual(["item-18", "item-19", "item-20", "item-21", "item-22"]);
      for (let n = 23; n < 40; n++) reopened.apply([view(n)], HALF_LIVES);
      expect(rows(sql)).toBeLessThanOrEqual(2 * LIMIT);
      expect([...reopened.excluded()].sort()).toEqual(["item-35", "item-36", "item-37", "item-38", "item-39"]);
    });
  });

  it("moves an item touched again to the front instead of adding a row", async () => {
    await inActor((sql) => {
      const store = new TasteStore(sql, LIMIT);
      for (let n = 0; n < LIMIT; n++) store.apply([view(n)], HALF_LIVES);
      store.apply([{ ...view(0), at: 2_000 }], HALF_LIVES);
      store.apply([view(10)], HALF_LIVES);
      expect(rows(sql)).toBe(LIMIT + 1);
      expect([...store.excluded()].sort()).toEqual(["item-0", "item-10", "item-2", "item-3", "item-4"]);
      expect(store.recentPositive()[0]!.itemId).toBe("item-0");
    });
  });
});
