import { z } from "@hono/zod-openapi";
import { IdSchema, unicodePattern } from "./common";

export const ItemIdSchema = IdSchema.max(64).openapi({ example: "sku-1001" });

const CATEGORY = /^[\p{L}\p{N}_-]+$/u;

/** Categories are short slugs so they work as vector-index filter values and URL parameters. */
export const CategorySchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(CATEGORY, "letters, digits, _ and - only")
  .openapi({ example: "books", pattern: unicodePattern(CATEGORY) });

const itemFields = {
  title: z.string().trim().min(1).max(200),
  category: CategorySchema,
  description: z.string().max(4000).default(""),
  price: z.number().finite().min(0).max(100_000_000),
  stock: z.number().int().min(0).max(1_000_000_000),
};

export const ItemInputSchema = z.strictObject(itemFields).openapi("ItemInput");
export type ItemInput = z.infer<typeof ItemInputSchema>;

export const ItemSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    category: z.string(),
    description: z.string(),
    price: z.number(),
    stock: z.number().int(),
    embedded: z.boolean().openapi({ description: "Whether the item is in the vector index yet" }),
    createdAt: z.string().datetime(),
    updatedAt: z.string().datetime(),
  })
  .openapi("Item");
export type Item = z.infer<typeof ItemSchema>;

export const ItemBatchSchema = z
  .strictObject({
    items: z
      // its own closed object: `ItemInput.extend()` is documented as allOf of two closed objects, which no value meets
      .array(z.strictObject({ id: ItemIdSchema, ...itemFields }).openapi("ItemBatchEntry"))
      .min(1)
      .max(1000)
      .refine((items) => new Set(items.map((i) => i.id)).size === items.length, "item ids must be unique in a batch"),
  })
  .openapi("ItemBatch");

export const ItemBatchResultSchema = z
  .object({
    accepted: z.number().int(),
    queued: z.number().int().openapi({ description: "Items waiting to be embedded" }),
  })
  .openapi("ItemBatchResult");

export const InventoryUpdateSchema = z
  .strictObject({
    itemId: ItemIdSchema,
    price: z.number().finite().min(0).max(100_000_000).optional(),
    stock: z.number().int().min(0).max(1_000_000_000).optional(),
  })
  .refine((u) => u.price !== undefined || u.stock !== undefined, "send a price, a stock, or both")
  .openapi("InventoryUpdate");

export const InventoryResultSchema = z
  .object({
    item: ItemSchema,
    priceDrop: z.object({ from: z.number(), to: z.number(), percent: z.number(), notifying: z.boolean() }).nullable(),
  })
  .openapi("InventoryResult");

export const ItemListQuerySchema = z.object({ category: CategorySchema.optional() });
