import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { logEvents } from "../../workers/consumers/behaviour-log";
import { dropsSince, recordPriceDrop } from "../../workers/ports/db/price-drops";
import { api, expectProblem, newUser, uniqueId } from "../helpers/api";
import { sendEvents, traceId } from "../helpers/catalogue";
import { wrapSocket } from "../helpers/sockets";

type Inbox = { items: { kind: string; title: string; data: { itemId: string; percent: number } }[]; unread: number };
const inbox = async (token: string) => (await (await api("/v1/notifications", { token })).json()) as Inbox;

async function setup() {
  const admin = await newUser("admin");
  const id = uniqueId("sku");
  await api(`/v1/items/${id}`, {
    method: "PUT",
    token: admin.token,
    json: {
      title: "Noise cancelling headphones",
      category: "audio",
      description: "Over-ear headphones",
      price: 200,
      stock: 3,
    },
  });
  const other = uniqueId("sku");
  await api(`/v1/items/${other}`, {
    method: "PUT",
    token: admin.token,
    json: { title: "USB cable", category: "cables", price: 9, stock: 99 },
  });
  const [viewer, carter, bystander] = [await newUser(), await newUser(), await newUser()];
  await sendEvents(viewer.token, [{ traceId: traceId(), type: "view", itemId: id }]);
  await sendEvents(carter.token, [{ traceId: traceId(), type: "add_to_cart", itemId: id }]);
  await sendEvents(bystander.token, [{ traceId: traceId(), type: "view", itemId: other }]);
  const audience = async () =>
    (await env.DB.prepare("SELECT count(*) AS n FROM item_interest WHERE item_id = ?").bind(id).first<{ n: number }>())!
      .n;
  await expect.poll(audience, { timeout: 8000, interval: 100 }).toBe(2);
  return { admin, id, other, viewer, carter, bystander };
}

const drop = (token: string, itemId: string, price: number) =>
  api("/v1/inventory", { method: "POST", token, json: { itemId, price } });

describe("price drops", () => {
  it("notify exactly the interested users, live and in their inbox, once", async () => {
    const { admin, id, viewer, carter, bystander } = await setup();
    const socket = wrapSocket(await api(`/v1/stream?token=${viewer.token}`, { headers: { Upgrade: "websocket" } }));
    const res = await drop(admin.token, id, 180);
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ priceDrop: { from: 200, to: 180, percent: 10, notifying: true } });
    const pushed = await socket.next("notification", 8000);
    expect(pushed.data).toMatchObject({ kind: "price_drop", data: { itemId: id, percent: 10 } });
    for (const user of [viewer, carter]) {
      await expect.poll(async () => (await inbox(user.token)).items.length, { timeout: 8000, interval: 100 }).toBe(1);
    }
    expect((await inbox(bystander.token)).items).toHaveLength(0);
    // a user who shows interest only now is in the second drop's audience with the others; once
    // they are notified, the whole audience of that drop has been processed
    const late = await newUser();
    await sendEvents(late.token, [{ traceId: traceId(), type: "view", itemId: id }]);
    const audience = async () =>
      (await env.DB.prepare("SELECT count(*) AS n FROM item_interest WHERE item_id = ?")
        .bind(id)
        .first<{ n: number }>())!.n;
    await expect.poll(audience, { timeout: 8000, interval: 100 }).toBe(3);
    await drop(admin.token, id, 150);
    await expect.poll(async () => (await inbox(late.token)).items.length, { timeout: 8000, interval: 100 }).toBe(1);
    expect((await inbox(viewer.token)).items).toHaveLength(1);
    expect((await inbox(carter.token)).items).toHaveLength(1);
    socket.close();
  });

  it("counts interest shown in the same second as the drop, before the user's outbox has shipped it", async () => {
    const { admin, id, other } = await setup();
    const shopper = await newUser();
    // a first event ships at once and makes the user busy: the next waits in the outbox for seconds
    await sendEvents(shopper.token, [{ traceId: traceId(), type: "view", itemId: other }]);
    const viewed = await sendEvents(shopper.token, [{ traceId: traceId(), type: "view", itemId: id }]);
    expect(viewed.body).toMatchObject({ accepted: 1 });
    expect((await drop(admin.token, id, 150)).status).toBe(202);
    const interested = await env.DB.prepare("SELECT 1 FROM item_interest WHERE item_id = ? AND user_id = ?")
      .bind(id, shopper.id)
      .first();
    expect(interested, "the view must still be on its way when the drop's audience is read").toBeNull();
    await expect
      .poll(async () => (await inbox(shopper.token)).items, { timeout: 15_000, interval: 200 })
      .toEqual([
        expect.objectContaining({ kind: "price_drop", data: expect.objectContaining({ itemId: id, percent: 25 }) }),
      ]);
  });

  it("notifies a user once when both the fan-out and the late interest find them", async () => {
    const { admin, id, viewer } = await setup();
    // the viewer's interest is already in the audience; a second view in the same second is late
    await sendEvents(viewer.token, [{ traceId: traceId(), type: "view", itemId: id }]);
    await drop(admin.token, id, 150);
    await expect.poll(async () => (await inbox(viewer.token)).items.length, { timeout: 8000, interval: 100 }).toBe(1);
    await expect
      .poll(
        async () =>
          (await env.DB.prepare("SELECT count(*) AS n FROM item_events WHERE user_id = ?")
            .bind(viewer.id)
            .first<{ n: number }>())!.n,
        { timeout: 15_000, interval: 200 },
      )
      .toBe(2);
    await new Promise((r) => setTimeout(r, 1500));
    expect((await inbox(viewer.token)).items).toHaveLength(1);
  });

  it("a drop below the threshold notifies nobody", async () => {
    const { admin, id } = await setup();
    const res = await drop(admin.token, id, 196);
    expect(await res.json()).toMatchObject({ priceDrop: null, item: { price: 196 } });
  });

  it("a stock change alone is not a drop", async () => {
    const { admin, id } = await setup();
    const res = await api("/v1/inventory", { method: "POST", token: admin.token, json: { itemId: id, stock: 0 } });
    expect(await res.json()).toMatchObject({ priceDrop: null, item: { stock: 0 } });
  });

  it("answers 400 with neither price nor stock, 403 to non-admins and 404 for unknown items", async () => {
    const admin = await newUser("admin");
    const { token } = await newUser();
    await expectProblem(await api("/v1/inventory", { method: "POST", token: admin.token, json: { itemId: "x" } }), 400);
    await expectProblem(await drop(token, "x", 1), 403);
    await expectProblem(await drop(admin.token, uniqueId(), 1), 404);
  });
});

describe("the inbox", () => {
  it("marks a notification read and keeps the unread count", async () => {
    const { token } = await newUser();
    await api("/v1/stream/test", { method: "POST", token, json: { title: "하나" } });
    await api("/v1/stream/test", { method: "POST", token, json: { title: "two" } });
    const before = await inbox(token);
    expect(before.unread).toBe(2);
    const id = (before.items[0] as unknown as { id: string }).id;
    const read = await api(`/v1/notifications/${id}/read`, { method: "POST", token });
    expect(read.status).toBe(200);
    expect((await inbox(token)).unread).toBe(1);
    await expectProblem(await api("/v1/notifications/999999/read", { method: "POST", token }), 404);
  });

  it("pages newest first", async () => {
    const { token } = await newUser();
    for (const title of ["a", "b", "c"]) await api("/v1/stream/test", { method: "POST", token, json: { title } });
    const page1 = (await (await api("/v1/notifications?limit=2", { token })).json()) as {
      items: { title: string }[];
      nextCursor: string;
    };
    expect(page1.items.map((n) => n.title)).toEqual(["c", "b"]);
    const page2 = (await (await api(`/v1/notifications?limit=2&cursor=${page1.nextCursor}`, { token })).json()) as {
      items: { title: string }[];
      nextCursor: null;
    };
    expect(page2.items.map((n) => n.title)).toEqual(["a"]);
    expect(page2.nextCursor).toBeNull();
  });
});

describe("price-drop fan-out", () => {
  it("reaches a searcher, and every user of an audience larger than one queue message", async () => {
    const admin = await newUser("admin");
    const id = uniqueId("sku");
    await api(`/v1/items/${id}`, {
      method: "PUT",
      token: admin.token,
      json: {
        title: "Ergonomic office chair",
        category: "furniture",
        description: "Ergonomic office chair with lumbar support",
        price: 300,
        stock: 8,
      },
    });
    const searcher = await newUser();
    await sendEvents(searcher.token, [{ traceId: traceId(), type: "search", query: "ergonomic office chair" }]);
    const interested = async (userId: string) =>
      (await env.DB.prepare("SELECT count(*) AS n FROM item_interest WHERE item_id = ? AND user_id = ?")
        .bind(id, userId)
        .first<{ n: number }>())!.n;
    await expect.poll(() => interested(searcher.id), { timeout: 8000, interval: 100 }).toBe(1);

    const crowd = Array.from({ length: 230 }, (_, i) => `${id}-fan-${String(i).padStart(3, "0")}`);
    await env.DB.batch(
      crowd.map((u) =>
        env.DB.prepare("INSERT INTO item_interest (item_id, user_id, kind, last_at) VALUES (?, ?, 'view', ?)").bind(
          id,
          u,
          Date.now(),
        ),
      ),
    );
    await drop(admin.token, id, 240);
    const inboxSize = async (userId: string) =>
      ((await env.USER_ACTOR.get(env.USER_ACTOR.idFromName(userId)).notifications({ limit: 5 })) as Inbox).items.length;
    for (const userId of [searcher.id, crowd[0]!, crowd[115]!, crowd[229]!]) {
      await expect.poll(() => inboxSize(userId), { timeout: 10_000, interval: 100 }).toBe(1);
    }
  });
});

describe("more distinct items than one D1 statement binds", () => {
  it("a behaviour-log batch over 150 items is stored and checked for late interest in drops", async () => {
    const userId = uniqueId("many-items");
    const itemIds = Array.from({ length: 150 }, () => uniqueId("sku"));
    const dropped = itemIds[137]!;
    const at = Date.now();
    await recordPriceDrop(env, { itemId: dropped, at: at + 1000, from: 100, to: 50, percent: 50 });
    // D1 binds at most 100 values a statement: these lists once failed the whole batch, retried until dead-lettered
    expect((await dropsSince(env, itemIds, at)).map((d) => d.itemId)).toEqual([dropped]);
    await logEvents(
      env,
      itemIds.map((itemId, i) => ({ userId, traceId: `t${i}`, type: "view", itemId, query: null, at })),
    );
    const stored = await env.DB.prepare("SELECT count(*) AS n FROM item_events WHERE user_id = ?")
      .bind(userId)
      .first<{ n: number }>();
    expect(stored!.n).toBe(150);
  });
});
