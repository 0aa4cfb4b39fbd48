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

/** The currencies an item may be priced in (ISO 4217); KRW and JPY have no minor unit. */
export const CURRENCIES = ["KRW", "USD", "EUR", "JPY"] as const;
export const CurrencySchema = z.enum(CURRENCIES).openapi("Currency", {
  description: "ISO 4217 code of the item's price: KRW, USD, EUR or JPY. Items stored without one are USD.",
  example: "KRW",
});
export type Currency = z.infer<typeof CurrencySchema>;

const itemFields = {
  title: z.string().trim().min(1).max(200).openapi({ example: "소리결 노이즈캔슬링 무선 헤드폰" }),
  category: CategorySchema,
  description: z
    .string()
    .max(4000)
    .default("")
    .openapi({ example: "주변 소음을 줄여 주는 무선 헤드폰으로 한 번 충전에 40시간 음악을 들을 수 있습니다." }),
  price: z.number().finite().min(0).max(100_000_000).openapi({ example: 259000 }),
  currency: CurrencySchema.default("USD"),
  stock: z.number().int().min(0).max(1_000_000_000).openapi({ example: 12 }),
};

const WHOLE = new Set<string>(["KRW", "JPY"]);
/** Whether `price` can be a price in `currency`: KRW and JPY have no minor unit (18900, never 18900.5). */
export const fitsCurrency = (price: number, currency: string) => !WHOLE.has(currency) || Number.isInteger(price);
const wholeAmount = (item: { price: number; currency: string }, ctx: z.RefinementCtx) => {
  if (!fitsCurrency(item.price, item.currency))
    ctx.addIssue({ code: "custom", path: ["price"], message: `a ${item.currency} price is a whole number` });
};

const ITEM_EXAMPLE = {
  title: "Northwind Over-Ear Wireless Headphones",
  category: "audio",
  description: "Noise cancelling wireless headphones with 40 hours of battery and a fold-flat case.",
  price: 199.99,
  currency: "USD",
  stock: 12,
};

export const ItemInputSchema = z
  .strictObject(itemFields)
  .superRefine(wholeAmount)
  .openapi("ItemInput", { example: ITEM_EXAMPLE });
export type ItemInput = z.infer<typeof ItemInputSchema>;

export const ItemSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    category: z.string(),
    description: z.string(),
    price: z.number(),
    currency: CurrencySchema,
    stock: z.number().int(),
    embedded: z.boolean().openapi({ description: "Whether the item is in the vector index yet" }),
    createdAt: z.string().datetime(),
    updatedAt: z.string().datetime(),
  })
  .openapi("Item", {
    example: {
      id: "sku-1001",
      ...ITEM_EXAMPLE,
      embedded: true,
      createdAt: "2026-12-05T00:30:00.000Z",
      updatedAt: "2026-12-05T00:30:00.000Z",
    },
  });
export type Item = z.infer<typeof ItemSchema>;

export const ItemBatchSchema = z
  .strictObject({
    items: z
      // its own closed object: `ItemInput.extend()` is documented as allOf of two closed objects, which no value meets
      .array(
        z
          .strictObject({ id: ItemIdSchema, ...itemFields })
          .superRefine(wholeAmount)
          .openapi("ItemBatchEntry"),
      )
      .min(1)
      .max(1000)
      .refine((items) => new Set(items.map((i) => i.id)).size === items.length, "item ids must be unique in a batch"),
  })
  .openapi("ItemBatch", {
    example: {
      items: [
        { id: "sku-1001", ...ITEM_EXAMPLE },
        {
          id: "sku-1002",
          title: "무쇠 주물 프라이팬 26cm",
          category: "kitchen",
          description: "길들임 처리가 된 무쇠 팬으로 가스레인지, 오븐, 캠핑 화로에서 모두 쓸 수 있습니다.",
          price: 48900,
          currency: "KRW",
          stock: 30,
        },
      ],
    },
  });

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
  .openapi("InventoryUpdate", { example: { itemId: "sku-1001", price: 159.99, stock: 40 } });

export const InventoryResultSchema = z
  .object({
    item: ItemSchema,
    priceDrop: z.object({ from: z.number(), to: z.number(), percent: z.number(), notifying: z.boolean() }).nullable(),
  })
  .openapi("InventoryResult");

export const ItemListQuerySchema = z.object({ category: CategorySchema.optional() });
