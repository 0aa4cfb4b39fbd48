import type { z } from "zod";
import { decodeCursor } from "../../domain/cursor";
import { ValidationError } from "../../errors";

/** Decodes `?cursor=` against `schema`; absent is the first page, anything not from this list is a 400. */
export function cursorOf<T>(cursor: string | undefined, schema: z.ZodType<T>): T | undefined {
  if (cursor === undefined) return undefined;
  const value = decodeCursor(cursor, schema);
  if (value === undefined)
    throw new ValidationError("the cursor is not from this list", [{ path: "cursor", message: "invalid cursor" }]);
  return value;
}
