import { evictDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api, expectProblem, newUser } from "../helpers/api";
import { wrapSocket } from "../helpers/sockets";
import { recommendations, seedCatalogue, sendEvents, traceId, type Category, type Recs } from "../helpers/catalogue";

describe("POST /v1/events", () => {
  it("accepts a single event or a batch", async () => {
    const { byCategory } = await seedCatalogue();
    const { token } = await newUser();
    const item = byCategory("books")[0]!.id;
    const single = await api("/v1/events", {
      method: "POST",
      token,
      json: { traceId: traceId(), type: "view", itemId: item },
    });
    expect(single.status).toBe(202);
    expect(await single.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    const batch = await sendEvents(token, [
      { traceId: traceId(), type: "click", itemId: item },
      { traceId: traceId(), type: "search", query: "소설 추천" },
    ]);
    expect(batch.body).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
  });

  it("a replayed traceId is counted as a duplicate and changes nothing", async () => {
    const { byCategory } = await seedCatalogue();
    const { token } = await newUser();
    const first = { traceId: traceId(), type: "view", itemId: byCategory("books")[0]!.id };
    await sendEvents(token, [first]);
    const before = await recommendations(token, "limit=10");
    const replay = await sendEvents(token, [first, first]);
    expect(replay.body).toMatchObject({ accepted: 0, duplicates: 2 });
    expect(await recommendations(token, "limit=10")).toEqual(before);
  });

  it("rejects events naming unknown items one by one and accepts the rest", async () => {
    const { byCategory } = await seedCatalogue();
    const { token } = await newUser();
    const { body } = await sendEvents(token, [
      { traceId: traceId(), type: "view", itemId: byCategory("games")[0]!.id },
      { traceId: traceId(), type: "view", itemId: "no-such-item" },
    ]);
    expect(body.accepted).toBe(1);
    expect(body.rejected).toEqual([{ index: 1, traceId: expect.any(String), reason: "unknown item no-such-item" }]);
  });

  it.each([
    ["a missing traceId", { events: [{ type: "view", itemId: "x" }] }],
    ["an unknown type", { events: [{ traceId: "t1", type: "stare", itemId: "x" }] }],
    ["a view without an item", { events: [{ traceId: "t1", type: "view" }] }],
    ["a search without a query", { events: [{ traceId: "t1", type: "search" }] }],
    [
      "501 events",
      { events: Array.from({ length: 501 }, (_, i) => ({ traceId: `t${i}`, type: "view", itemId: "x" })) },
    ],
    ["an empty batch", { events: [] }],
  ])("answers 400 for %s", async (_, json) => {
    const { token } = await newUser();
    await expectProblem(await api("/v1/events", { method: "POST", token, json }), 400);
  });
});

describe("GET /v1/recommendations", () => {
  // every test seeds the same titles under its own category prefix, so count by kind of category
  const firstRank = (recs: { items: { category: string }[] }, kind: Category) => {
    const i = recs.items.findIndex((r) => r.category.endsWith(`-${kind}`));
    return i === -1 ? Infinity : i;
  };
  const countIn = (recs: { items: { category: string }[] }, kind: Category) =>
    recs.items.filter((i) => i.category.endsWith(`-${kind}`)).length;

  it("the very next request after a click on a category shifts the top results toward it", async () => {
    const { byCategory } = await seedCatalogue();
    const { token } = await newUser();
    await sendEvents(
      token,
      byCategory("books")
        .slice(0, 2)
        .map((b) => ({ traceId: traceId(), type: "view", itemId: b.id })),
    );
    const before = await recommendations(token, "limit=40");
    expect(before.strategy).toMatch(/^personalized/);
    await sendEvents(token, [{ traceId: traceId(), type: "click", itemId: byCategory("games")[0]!.id }]);
    const after = await recommendations(token, "limit=40");
    expect(firstRank(after, "games")).toBeLessThan(firstRank(before, "games"));
    expect(countIn({ items: after.items.slice(0, 10) }, "games")).toBeGreaterThan(
      countIn({ items: before.items.slice(0, 10) }, "games"),
    );
  });

  it("names the recent item each recommendation is similar to", async () => {
    const { byCategory } = await seedCatalogue();
    const { token } = await newUser();
    const kitchen = byCategory("kitchen");
    await sendEvents(token, [{ traceId: traceId(), type: "add_to_cart", itemId: kitchen[0]!.id }]);
    const recs = await recommendations(token, "limit=3");
    expect(recs.items[0]).toMatchObject({
      reasonCode: "similar",
      basedOn: kitchen[0]!.id,
      reason: `similar to "${kitchen[0]!.title}"`,
    });
  });

  it("uses an item's new title from the event after it is renamed, not the one cached for earlier events", async () => {
    const { admin, byCategory, categoryName } = await seedCatalogue();
    const pan = byCategory("kitchen")[0]!;
    const first = await newUser();
    await sendEvents(first.token, [{ traceId: traceId(), type: "view", itemId: pan.id }]);
    const renamed = await api(`/v1/items/${pan.id}`, {
      method: "PUT",
      token: admin.token,
      json: {
        title: "Carbon steel wok",
        category: categoryName("kitchen"),
        description: "kitchen wok",
        price: 100,
        stock: 10,
      },
    });
    expect(renamed.status).toBe(200);
    const second = await newUser();
    await sendEvents(second.token, [{ traceId: traceId(), type: "add_to_cart", itemId: pan.id }]);
    const recs = await recommendations(second.token, "limit=3");
    expect(recs.items[0]).toMatchObject({ basedOn: pan.id, reason: 'similar to "Carbon steel wok"' });
  });

  it("never recommends purchased or recently seen items", async () => {
    const { byCategory } = await seedCatalogue();
    const { token } = await newUser();
    const [bought, seen] = byCategory("kitchen");
    await sendEvents(token, [
      { traceId: traceId(), type: "purchase", itemId: bought!.id },
      { traceId: traceId(), type: "view", itemId: seen!.id },
    ]);
    const ids = (await recommendations(token, "limit=50")).items.map((i) => i.itemId);
    expect(ids).not.toContain(bought!.id);
    expect(ids).not.toContain(seen!.id);
  });

  it("filters by category", async () => {
    const { byCategory, categoryName } = await seedCatalogue();
    const { token } = await newUser();
    await sendEvents(token, [{ traceId: traceId(), type: "view", itemId: byCategory("books")[0]!.id }]);
    const recs = await recommendations(token, `limit=10&category=${categoryName("kitchen")}`);
    expect(recs.items.length).toBeGreaterThan(0);
    expect(recs.items.every((i) => i.category === categoryName("kitchen"))).toBe(true);
  });

  it("a dismissal moves recommendations away from the dismissed kind", async () => {
    const { byCategory } = await seedCatalogue();
    const { token } = await newUser();
    const games = byCategory("games");
    await sendEvents(token, [
      { traceId: traceId(), type: "view", itemId: byCategory("books")[0]!.id },
      { traceId: traceId(), type: "view", itemId: games[0]!.id },
    ]);
    const before = await recommendations(token, "limit=40");
    await sendEvents(token, [{ traceId: traceId(), type: "dismiss", itemId: games[1]!.id }]);
    expect(firstRank(await recommendations(token, "limit=40"), "games")).toBeGreaterThan(firstRank(before, "games"));
  });

  it("says in Server-Timing how long the Worker and the user's actor took", async () => {
    const { token } = await newUser();
    const res = await api("/v1/recommendations", { token });
    expect(res.status).toBe(200);
    const timing = res.headers.get("Server-Timing") ?? "";
    expect(timing).toMatch(/(^|, )actor;dur=\d+\.\d(,|$)/);
    expect(timing).toMatch(/(^|, )app;dur=\d+\.\d(,|$)/);
  });

  it("answers 400 for a limit out of range", async () => {
    const { token } = await newUser();
    await expectProblem(await api("/v1/recommendations?limit=500", { token }), 400);
  });
});

describe("cold start", () => {
  it("falls back to the newest items of a category nobody has touched", async () => {
    const { categoryName } = await seedCatalogue();
    const { token } = await newUser();
    const recs = await recommendations(token, `limit=3&category=${categoryName("books")}`);
    expect(recs.strategy).toBe("catalogue");
    expect(recs.items).toHaveLength(3);
  });

  it("recommends trending items to a user with no events", async () => {
    const { byCategory, categoryName } = await seedCatalogue();
    const hot = byCategory("games")[2]!;
    for (let i = 0; i < 3; i++) {
      const { token } = await newUser();
      await sendEvents(token, [{ traceId: traceId(), type: "purchase", itemId: hot.id }]);
    }
    const { token } = await newUser();
    await expect
      .poll(async () => (await recommendations(token, `limit=3&category=${categoryName("games")}`)).strategy, {
        timeout: 8000,
        interval: 100,
      })
      .toBe("trending");
    const recs = await recommendations(token, `limit=3&category=${categoryName("games")}`);
    expect(recs.items[0]).toMatchObject({ itemId: hot.id, reasonCode: "trending" });
  });
});

describe("taste state", () => {
  it("blends a search query into the taste", async () => {
    const { byCategory } = await seedCatalogue();
    const { token } = await newUser();
    await sendEvents(token, [{ traceId: traceId(), type: "view", itemId: byCategory("books")[0]!.id }]);
    const before = await recommendations(token, "limit=40");
    await sendEvents(token, [{ traceId: traceId(), type: "search", query: "cast iron frying pan chef knife kitchen" }]);
    const after = await recommendations(token, "limit=40");
    const rank = (r: typeof before) => r.items.findIndex((i) => i.category.endsWith("-kitchen"));
    expect(rank(after)).toBeGreaterThanOrEqual(0);
    expect(rank(after)).toBeLessThan(rank(before) === -1 ? Infinity : rank(before));
  });

  it("survives an actor restart", async () => {
    const { byCategory } = await seedCatalogue();
    const user = await newUser();
    await sendEvents(user.token, [{ traceId: traceId(), type: "add_to_cart", itemId: byCategory("kitchen")[0]!.id }]);
    const before = await recommendations(user.token, "limit=10");
    await evictDurableObject(env.USER_ACTOR.get(env.USER_ACTOR.idFromName(user.id)));
    expect(await recommendations(user.token, "limit=10")).toEqual(before);
  });

  it("a repeated read gives the same answer, and a price change shows in the very next one", async () => {
    const { admin, byCategory } = await seedCatalogue();
    const { token } = await newUser();
    await sendEvents(token, [{ traceId: traceId(), type: "click", itemId: byCategory("kitchen")[0]!.id }]);
    const first = await recommendations(token, "limit=4");
    expect(first.strategy).toBe("personalized");
    expect(await recommendations(token, "limit=4")).toEqual(first);
    const top = first.items[0]! as Recs["items"][number] & { price: number };
    const res = await api("/v1/inventory", {
      method: "POST",
      token: admin.token,
      json: { itemId: top.itemId, price: top.price + 50 },
    });
    expect(res.status).toBe(202);
    const after = await recommendations(token, "limit=4");
    expect(after.items.find((i) => i.itemId === top.itemId)).toMatchObject({ price: top.price + 50 });
  });

  it("accepts events on an item that is stored but not embedded yet, and learns from it", async () => {
    const { byCategory } = await seedCatalogue();
    const id = `${byCategory("games")[0]!.id}-fresh`;
    const category = byCategory("games")[0]!.id.replace(/-\d+$/, "");
    // as a batch import leaves it until the queue consumer embeds it: in D1, not in the index
    await env.DB.prepare(
      `INSERT INTO items (id, title, category, description, price, stock, created_at, updated_at) VALUES (?, ?, ?, ?, 10, 1, ?, ?)`,
    )
      .bind(id, "Cooperative card game deluxe", category, "games Cooperative card game", Date.now(), Date.now())
      .run();
    const { token } = await newUser();
    const { body } = await sendEvents(token, [{ traceId: traceId(), type: "purchase", itemId: id }]);
    expect(body).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    const recs = await recommendations(token, "limit=3");
    expect(recs.strategy).toBe("personalized");
    expect(recs.items.every((i) => i.category.endsWith("-games"))).toBe(true);
  });

  it("applies a trace id once even when two requests race with it", async () => {
    const { byCategory } = await seedCatalogue();
    const { token } = await newUser();
    const event = { traceId: traceId(), type: "view", itemId: byCategory("games")[0]!.id };
    const results = await Promise.all([
      sendEvents(token, [event]),
      sendEvents(token, [event]),
      sendEvents(token, [event]),
    ]);
    expect(results.map((r) => r.body.accepted).reduce((a, b) => a + b)).toBe(1);
    expect(results.map((r) => r.body.duplicates).reduce((a, b) => a + b)).toBe(2);
  });
});

describe("live updates", () => {
  it("pushes recommendations.updated to the user's open sockets after accepted events", async () => {
    const { byCategory } = await seedCatalogue();
    const { token } = await newUser();
    const socket = wrapSocket(await api(`/v1/stream?token=${token}`, { headers: { Upgrade: "websocket" } }));
    await socket.next("ready");
    await sendEvents(token, [{ traceId: traceId(), type: "view", itemId: byCategory("books")[0]!.id }]);
    expect(await socket.next("recommendations.updated")).toMatchObject({ data: { accepted: 1 } });
    socket.close();
  });
});
