import { decodeCursor, KeysetSchema, type Keyset } from "../domain/cursor";
import { ValidationError } from "../errors";

/** Decodes `?cursor=`; absent is the first page, anything not from this list is a 400. */
export function keysetAfter(cursor: string | undefined): Keyset | undefined {
  if (cursor === undefined) return undefined;
  const after = decodeCursor(cursor, KeysetSchema);
  if (!after)
    throw new ValidationError("the cursor is not from this list", [{ path: "cursor", message: "invalid cursor" }]);
  return after;
}
