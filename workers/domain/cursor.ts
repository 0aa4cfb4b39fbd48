import { z } from "zod";
import { fromBase64Url, toBase64Url } from "./base64url";

/** The keyset every time-ordered list pages on: the last row's timestamp (ms) and id. */
export const KeysetSchema = z.object({ at: z.number(), id: z.string() });
export type Keyset = z.infer<typeof KeysetSchema>;

/**
 * Opaque pagination cursors: base64url JSON of the last row's sort key. Clients treat them as
 * strings; a tampered or foreign cursor fails its schema and is a 400, not a wrong page.
 */
export function encodeCursor(value: unknown): string {
  return toBase64Url(new TextEncoder().encode(JSON.stringify(value)));
}

export function decodeCursor<T>(cursor: string, schema: z.ZodType<T>): T | undefined {
  try {
    const bytes = fromBase64Url(cursor);
    if (!bytes) return undefined;
    const parsed = schema.safeParse(JSON.parse(new TextDecoder().decode(bytes)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Splits `limit + 1` fetched rows into a page and the cursor of its last row, if more remain. */
export function paginate<R>(
  rows: R[],
  limit: number,
  keyOf: (row: R) => unknown,
): { items: R[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null };
}
