import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api, expectProblem, newUser, uniqueId } from "../helpers/api";
import { recommendations, sendEvents, traceId } from "../helpers/catalogue";

const item = {
  title: "무선 기계식 키보드",
  category: "electronics",
  description: "저소음 적축 스위치를 쓴 무선 기계식 키보드",
  price: 129000,
  currency: "KRW",
  stock: 5,
};

const english = {
  title: "Quiet Wireless Mechanical Keyboard",
  category: "electronics",
  description: "A wireless mechanical keyboard with quiet linear switches",
  price: 99.99,
  currency: "USD",
  stock: 8,
};

describe("catalogue", () => {
  it("PUT stores, embeds and indexes an item; GET returns it", async () => {
    const admin = await newUser("admin");
    const { token } = await newUser();
    const id = uniqueId("sku");
    const put = await api(`/v1/items/${id}`, { method: "PUT", token: admin.token, json: item });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ id, ...item, embedded: true });
    const got = await api(`/v1/items/${id}`, { token });
    expect(await got.json()).toMatchObject({ id, title: item.title, embedded: true });
  });

  it("answers 403 to a non-admin write and 404 to an unknown item", async () => {
    const { token } = await newUser();
    await expectProblem(await api(`/v1/items/${uniqueId()}`, { method: "PUT", token, json: item }), 403);
    await expectProblem(await api(`/v1/items/${uniqueId()}`, { token }), 404);
  });

  it.each([
    ["a negative price", { ...item, price: -1 }],
    ["a fractional stock", { ...item, stock: 1.5 }],
    ["an unknown field", { ...item, colour: "red" }],
    ["a category with spaces", { ...item, category: "home office" }],
    ["a lower-case currency", { ...item, currency: "krw" }],
    ["an unsupported currency", { ...item, currency: "GBP" }],
    ["a KRW price with a fraction", { ...item, price: 18900.5 }],
  ])("answers 400 for %s", async (_, json) => {
    const admin = await newUser("admin");
    await expectProblem(await api(`/v1/items/${uniqueId()}`, { method: "PUT", token: admin.token, json }), 400);
  });

  it("a batch is stored at once and embedded by the queue consumer", async () => {
    const admin = await newUser("admin");
    const prefix = uniqueId("b");
    const items = Array.from({ length: 120 }, (_, i) => ({
      ...item,
      id: `${prefix}-${i}`,
      title: `Item ${i} 상품`,
      price: 10 + i,
    }));
    const res = await api("/v1/items/batch", { method: "POST", token: admin.token, json: { items } });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 120, queued: 120 });
    const count = async () =>
      (await env.DB.prepare("SELECT count(*) AS n FROM items WHERE id LIKE ? AND vector IS NOT NULL")
        .bind(`${prefix}-%`)
        .first<{ n: number }>())!.n;
    await expect.poll(count, { timeout: 8000, interval: 100 }).toBe(120);
  });

  it("refuses a batch over 1,000 items or with repeated ids", async () => {
    const admin = await newUser("admin");
    const many = Array.from({ length: 1001 }, (_, i) => ({ ...item, id: `x-${i}` }));
    await expectProblem(
      await api("/v1/items/batch", { method: "POST", token: admin.token, json: { items: many } }),
      400,
    );
    const twice = [
      { ...item, id: "same" },
      { ...item, id: "same" },
    ];
    await expectProblem(
      await api("/v1/items/batch", { method: "POST", token: admin.token, json: { items: twice } }),
      400,
    );
  });

  it("lists items newest first with a working cursor", async () => {
    const admin = await newUser("admin");
    const category = uniqueId("cat").replace(/[^A-Za-z0-9_-]/g, "");
    for (let i = 0; i < 5; i++) {
      await api(`/v1/items/${category}-${i}`, { method: "PUT", token: admin.token, json: { ...item, category } });
    }
    const first = (await (await api(`/v1/items?category=${category}&limit=3`, { token: admin.token })).json()) as {
      items: { id: string }[];
      nextCursor: string;
    };
    expect(first.items).toHaveLength(3);
    const second = (await (
      await api(`/v1/items?category=${category}&limit=3&cursor=${first.nextCursor}`, { token: admin.token })
    ).json()) as {
      items: { id: string }[];
      nextCursor: string | null;
    };
    expect(second.items).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...first.items, ...second.items].map((i) => i.id)).size).toBe(5);
    await expectProblem(await api(`/v1/items?cursor=bogus`, { token: admin.token }), 400);
  });

  it("keeps each item's currency: KRW and USD round-trip through PUT, the batch, GET and the list", async () => {
    const admin = await newUser("admin");
    const category = uniqueId("cur").replace(/[^A-Za-z0-9_-]/g, "");
    const [won, dollar, plain] = [uniqueId("krw"), uniqueId("usd"), uniqueId("none")];
    const put = await api(`/v1/items/${won}`, { method: "PUT", token: admin.token, json: { ...item, category } });
    expect(await put.json()).toMatchObject({ id: won, price: 129000, currency: "KRW" });
    const batch = await api("/v1/items/batch", {
      method: "POST",
      token: admin.token,
      json: {
        items: [
          { ...english, id: dollar, category },
          { ...english, id: plain, category, currency: undefined, title: "Keyboard wrist rest", price: 19.99 },
        ],
      },
    });
    expect(batch.status).toBe(202);
    const get = async (id: string) => (await (await api(`/v1/items/${id}`, { token: admin.token })).json()) as object;
    expect(await get(won)).toMatchObject({ price: 129000, currency: "KRW" });
    expect(await get(dollar)).toMatchObject({ price: 99.99, currency: "USD" });
    // an item stored without a currency is priced in USD, as items written before currencies were
    expect(await get(plain)).toMatchObject({ price: 19.99, currency: "USD" });
    const list = (await (await api(`/v1/items?category=${category}`, { token: admin.token })).json()) as {
      items: { id: string; currency: string }[];
    };
    expect(Object.fromEntries(list.items.map((i) => [i.id, i.currency]))).toEqual({
      [won]: "KRW",
      [dollar]: "USD",
      [plain]: "USD",
    });
    // a price change keeps to the item's currency: no fractions of a won
    await expectProblem(
      await api("/v1/inventory", { method: "POST", token: admin.token, json: { itemId: won, price: 99000.5 } }),
      400,
    );
    // replacing an item replaces its currency too
    const again = await api(`/v1/items/${won}`, {
      method: "PUT",
      token: admin.token,
      json: { ...item, category, price: 99, currency: "USD" },
    });
    expect(await again.json()).toMatchObject({ price: 99, currency: "USD" });
  });

  it("recommendations carry the item's currency, from the catalogue and from the vector index", async () => {
    const admin = await newUser("admin");
    const { token } = await newUser();
    const category = uniqueId("rc").replace(/[^A-Za-z0-9_-]/g, "");
    const ids = [0, 1, 2].map((i) => `${category}-${i}`);
    for (const [i, id] of ids.entries()) {
      const json = i === 2 ? { ...english, category } : { ...item, category, title: `${item.title} ${i + 1}세대` };
      expect((await api(`/v1/items/${id}`, { method: "PUT", token: admin.token, json })).status).toBe(200);
    }
    const newest = await recommendations(token, `limit=5&category=${category}`);
    expect(newest.strategy).toBe("catalogue");
    const currencies = (recs: { items: { itemId: string }[] }) =>
      Object.fromEntries(recs.items.map((r) => [r.itemId, (r as { currency?: string }).currency]));
    expect(currencies(newest)).toEqual({ [ids[0]!]: "KRW", [ids[1]!]: "KRW", [ids[2]!]: "USD" });
    await sendEvents(token, [{ traceId: traceId(), type: "view", itemId: ids[0] }]);
    await expect
      .poll(async () => (await recommendations(token, `limit=5&category=${category}`)).strategy, { timeout: 8000 })
      .toMatch(/^personalized/);
    const personal = await recommendations(token, `limit=5&category=${category}`);
    expect(personal.items.find((r) => r.reasonCode === "similar")).toBeDefined();
    expect(currencies(personal)).toEqual({ [ids[1]!]: "KRW", [ids[2]!]: "USD" });
    // the GraphQL gateway answers the same field
    const graphql = await api("/graphql", {
      method: "POST",
      token,
      json: { query: `{ recommendations(limit: 5, category: "${category}") { items { itemId currency } } }` },
    });
    const { data } = (await graphql.json()) as {
      data: { recommendations: { items: { itemId: string; currency: string }[] } };
    };
    expect(currencies(data.recommendations)).toEqual({ [ids[1]!]: "KRW", [ids[2]!]: "USD" });
  });
});
