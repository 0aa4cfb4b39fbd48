import { createRoute, z } from "@hono/zod-openapi";
import {
  CategorySchema,
  InventoryResultSchema,
  InventoryUpdateSchema,
  ItemBatchResultSchema,
  ItemBatchSchema,
  ItemIdSchema,
  ItemInputSchema,
  ItemSchema,
} from "../../schemas/catalogue";
import { adminErrors, json, listOf, notFound, PageQuerySchema, readErrors, jsonBody } from "../../schemas/common";
import { NotFoundError } from "../errors";
import { findItem, listItems, toItem } from "../ports/db/items";
import { applyInventory, storeItem, storeItems } from "../services/catalogue";
import { requireAdmin } from "./middleware/require-admin";
import { keysetAfter } from "./pagination";
import { createRouter } from "./types";

const ItemPath = z.object({ id: ItemIdSchema });

const putItem = createRoute({
  method: "put",
  path: "/items/{id}",
  tags: ["Recommendations"],
  summary: "Create or replace a catalogue item (admin); embedded and indexed before the response",
  middleware: [requireAdmin()] as const,
  request: { params: ItemPath, ...jsonBody(ItemInputSchema) },
  responses: { 200: json(ItemSchema, "The stored item"), ...adminErrors },
});

const batch = createRoute({
  method: "post",
  path: "/items/batch",
  tags: ["Recommendations"],
  summary: "Create or replace up to 1,000 items (admin); embedding happens on the queue",
  middleware: [requireAdmin()] as const,
  request: jsonBody(ItemBatchSchema),
  responses: { 202: json(ItemBatchResultSchema, "Stored; embedding queued"), ...adminErrors },
});

const getItem = createRoute({
  method: "get",
  path: "/items/{id}",
  tags: ["Recommendations"],
  summary: "One catalogue item",
  request: { params: ItemPath },
  responses: { 200: json(ItemSchema, "The item"), ...readErrors, ...notFound },
});

const list = createRoute({
  method: "get",
  path: "/items",
  tags: ["Recommendations"],
  summary: "Catalogue items, newest first",
  request: { query: PageQuerySchema.extend({ category: CategorySchema.optional() }) },
  responses: { 200: json(listOf(ItemSchema, "ItemList"), "A page of items"), ...readErrors },
});

const inventory = createRoute({
  method: "post",
  path: "/inventory",
  tags: ["Recommendations"],
  summary: "Change an item's price or stock (admin); a price drop notifies interested users",
  middleware: [requireAdmin()] as const,
  request: jsonBody(InventoryUpdateSchema),
  responses: {
    202: json(InventoryResultSchema, "Applied; notifications (if any) are on their way"),
    ...adminErrors,
    ...notFound,
  },
});

export const catalogue = createRouter()
  .openapi(putItem, async (c) => c.json(await storeItem(c.env, c.req.valid("param").id, c.req.valid("json")), 200))
  .openapi(batch, async (c) => c.json(await storeItems(c.env, c.req.valid("json").items), 202))
  .openapi(list, async (c) => {
    const { limit, cursor, category } = c.req.valid("query");
    const page = await listItems(c.env, category, { limit, after: keysetAfter(cursor) });
    return c.json({ items: page.items.map(toItem), nextCursor: page.nextCursor }, 200);
  })
  .openapi(getItem, async (c) => {
    const row = await findItem(c.env, c.req.valid("param").id);
    if (!row) throw new NotFoundError(`no item ${c.req.valid("param").id}`);
    return c.json(toItem(row), 200);
  })
  .openapi(inventory, async (c) => c.json(await applyInventory(c.env, c.req.valid("json")), 202));
