import { z } from "@hono/zod-openapi";
import { IdSchema, InstantSchema, queryInt } from "./common";
import { CategorySchema, ItemIdSchema } from "./catalogue";

export const EventTypeSchema = z.enum(["view", "click", "search", "add_to_cart", "purchase", "dismiss"]);
export type EventType = z.infer<typeof EventTypeSchema>;

export const EventSchema = z
  .strictObject({
    traceId: IdSchema.openapi({ description: "Client id of the event; a replay is counted as a duplicate" }),
    type: EventTypeSchema,
    itemId: ItemIdSchema.optional(),
    query: z.string().trim().min(1).max(500).optional(),
    at: InstantSchema.optional(),
  })
  .superRefine((e, ctx) => {
    if (e.type === "search" && !e.query)
      ctx.addIssue({ code: "custom", path: ["query"], message: "a search event needs a query" });
    if (e.type !== "search" && !e.itemId)
      ctx.addIssue({ code: "custom", path: ["itemId"], message: `a ${e.type} event needs an itemId` });
  })
  .openapi("Event");
export type Event = z.infer<typeof EventSchema>;

/** The most events one request carries. */
export const MAX_EVENTS = 500;

/** The events of one request. */
export const EventListSchema = z.array(EventSchema).min(1).max(MAX_EVENTS);

export const EventBatchSchema = z.strictObject({ events: EventListSchema }).openapi("EventBatch");

export const EventsBodySchema = z.union([EventBatchSchema, EventSchema]).openapi("EventsBody", {
  example: {
    events: [
      { traceId: "3f6c2a1e-view-0001", type: "view", itemId: "sku-1001", at: "2026-12-05T09:30:00+09:00" },
      { traceId: "3f6c2a1e-search-0002", type: "search", query: "무선 헤드폰" },
    ],
  },
});

export const RejectedEventSchema = z.object({ index: z.number().int(), traceId: z.string(), reason: z.string() });

export const EventsResultSchema = z
  .object({
    accepted: z.number().int(),
    duplicates: z.number().int(),
    rejected: z.array(RejectedEventSchema),
  })
  .openapi("EventsResult");
export type EventsResult = z.infer<typeof EventsResultSchema>;

/** An accepted event as the actor stores it and the behaviour log receives it. */
export const LoggedEventSchema = z.object({
  userId: z.string(),
  traceId: z.string(),
  type: EventTypeSchema,
  itemId: z.string().nullable(),
  /** The item's category when the event was accepted; absent in messages queued before it was carried. */
  category: z.string().nullable().optional(),
  query: z.string().nullable(),
  at: z.number().int(),
});
export type LoggedEvent = z.infer<typeof LoggedEventSchema>;

export const RecommendationQuerySchema = z.object({
  limit: queryInt(1, 100).default(10),
  category: CategorySchema.optional(),
});

export const RecommendationSchema = z.object({
  itemId: z.string(),
  score: z.number(),
  reason: z.string(),
  reasonCode: z.enum(["similar", "trending", "new"]),
  basedOn: z.string().optional().openapi({ description: "The item the recommendation is similar to" }),
  title: z.string(),
  category: z.string(),
  price: z.number(),
  currency: z.string().openapi({ description: "ISO 4217 code of `price`, e.g. KRW or USD", example: "KRW" }),
});
export type Recommendation = z.infer<typeof RecommendationSchema>;

export const RecommendationsSchema = z
  .object({
    items: z.array(RecommendationSchema),
    strategy: z.enum(["personalized", "personalized+trending", "trending", "catalogue"]),
  })
  .openapi("Recommendations", {
    example: {
      items: [
        {
          itemId: "demo-00011",
          score: 0.8123,
          reason: 'similar to "소리결 노이즈캔슬링 무선 헤드폰 화이트"',
          reasonCode: "similar",
          basedOn: "demo-00027",
          title: "캠핑 블루투스 스피커 블랙",
          category: "audio",
          price: 153900,
          currency: "KRW",
        },
        {
          itemId: "demo-00019",
          score: 0.7741,
          reason: "trending in audio",
          reasonCode: "trending",
          title: "Pebble True Wireless Earbuds – Midnight Blue",
          category: "audio",
          price: 90.99,
          currency: "USD",
        },
      ],
      strategy: "personalized+trending",
    },
  });
export type Recommendations = z.infer<typeof RecommendationsSchema>;
