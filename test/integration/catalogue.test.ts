import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api, expectProblem, newUser, uniqueId } from "../helpers/api";

const item = {
  title: "무선 기계식 키보드",
  category: "electronics",
  description: "Wireless mechanical keyboard",
  price: 129000,
  stock: 5,
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
});
