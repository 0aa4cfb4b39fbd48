import { z } from "@hono/zod-openapi";

/** RFC 9457 problem details, the body of every error response. */
export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: "https://edge-coach.dev/problems/validation" }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string(), code: z.string().optional() })).optional(),
    upgrade: z.boolean().optional(),
  })
  .openapi("Problem");
export type Problem = z.infer<typeof ProblemSchema>;

export const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ProblemSchema } },
});

/** Error responses every authenticated JSON route can return; spread into `responses`. */
export const authedErrors = {
  400: problem("The request was malformed or failed validation"),
  401: problem("Missing, invalid or expired bearer token"),
  413: problem("The request body is larger than the configured limit"),
  429: problem("Too many requests; retry after `Retry-After` seconds"),
} as const;

/** Error responses of authenticated routes without a body. */
export const readErrors = {
  400: problem("A query or path parameter failed validation"),
  401: problem("Missing, invalid or expired bearer token"),
  429: problem("Too many requests; retry after `Retry-After` seconds"),
} as const;

export const upgradeRequired = { 426: problem("Not a WebSocket upgrade request (send `Upgrade: websocket`)") } as const;

export const publicErrors = {
  400: problem("The request was malformed or failed validation"),
  413: problem("The request body is larger than the configured limit"),
  429: problem("Too many requests; retry after `Retry-After` seconds"),
} as const;

export const adminErrors = {
  ...authedErrors,
  403: problem("The token is valid but not an administrator's"),
} as const;

/** A Free caller past what Free includes: the body carries `upgrade: true`, the limit's name and, if it resets, `resetsAt`. */
export const paymentRequired = {
  402: problem("Edge Coach Pro is needed; the body has `upgrade: true`, `limit` and, for a daily limit, `resetsAt`"),
} as const;

export const notFound = { 404: problem("No such resource (or it belongs to another user)") } as const;

/**
 * A whole number in a query string. `z.coerce.number()` would also accept "" and " " (as 0) and
 * documents itself as nullable, so the digits are checked as text first.
 */
export const queryInt = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,15}$/, "must be a whole number")
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .openapi({ type: "integer", minimum: min, maximum: max });

/** Cursor pagination shared by every list route: `?limit=` (1..100, default 20) and `?cursor=`. */
export const PageQuerySchema = z.object({
  limit: queryInt(1, 100).default(20),
  cursor: z.string().max(512).optional(),
});

export const listOf = <T extends z.ZodType>(item: T, name: string) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() }).openapi(name);

/**
 * A calendar day the product can mean (2000-01-01 … 2099-12-31). Outside those years ISO day
 * arithmetic stops being string-safe ("+010000-01-01", "-000001-12-31"), so wider days are refused here.
 */
export const DaySchema = z.iso
  .date()
  .regex(/^20\d{2}-\d{2}-\d{2}$/, "must be a day between 2000-01-01 and 2099-12-31")
  .openapi({ example: "2026-12-05" });

/** Zones already accepted: building an Intl.DateTimeFormat to check one costs more than a timeline read. */
const knownZones = new Set<string>();

/** An IANA time zone name the runtime knows ("Asia/Seoul", "America/New_York", "UTC"). */
export const TimeZoneSchema = z
  .string()
  .min(1)
  .max(64)
  .refine((tz) => {
    if (knownZones.has(tz)) return true;
    try {
      new Intl.DateTimeFormat("en", { timeZone: tz });
    } catch {
      return false;
    }
    if (knownZones.size < 1000) knownZones.add(tz);
    return true;
  }, "not an IANA time zone")
  .openapi({ example: "Asia/Seoul" });

/** An instant sent by a client (RFC 3339 with offset), bounded to the same years as `DaySchema`. */
export const InstantSchema = z.iso
  .datetime({ offset: true })
  .regex(/^20\d{2}-/, "must be an instant between 2000 and 2099")
  .openapi({ example: "2026-12-05T09:30:00+09:00" });

/**
 * The documented form of a Unicode-aware regex. The OpenAPI generator writes a flagged regex as
 * `source/flags` ("…$/u"), which no value matches; JSON Schema patterns are Unicode already.
 */
export const unicodePattern = (regex: RegExp) => regex.source;

/** Free text in Korean or English: letters of any script, no control characters, trimmed. */
const NO_CONTROL = /^[^\p{Cc}]*$/u;
export const freeText = (max: number, example = "주간 회의 weekly sync") =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(NO_CONTROL, "may not contain control characters")
    .openapi({ pattern: unicodePattern(NO_CONTROL), example: example.slice(0, max) });

/** Ids chosen by clients (user ids, item ids) share one conservative alphabet. */
export const IdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9_.:@-]+$/, "may contain only letters, digits and _ . : @ -");

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

/** A required JSON request body validated by `schema` (`request: jsonBody(X)` in createRoute). */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  body: { required: true, content: { "application/json": { schema } } },
});
