import type { z } from "zod";
import { fieldErrorsOf, ValidationError } from "../errors";

/**
 * A field's arguments through the REST route's own zod schema: the same rules and the same field
 * errors (BAD_USER_INPUT with `extensions.errors`), never a GraphQL-only rule.
 */
export function parseArgs<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (!result.success)
    throw new ValidationError("the field's arguments failed validation", fieldErrorsOf(result.error));
  return result.data;
}

/** GraphQL's Int as the query-string integer the REST schemas (`queryInt`) parse; absent stays absent. */
export const asQueryInt = (n: number | null | undefined): string | undefined =>
  n === null || n === undefined ? undefined : String(n);

/** GraphQL sends an omitted optional argument as absent and an explicit null as null; zod wants absent. */
export const orUndefined = <T>(v: T | null | undefined): T | undefined => (v === null ? undefined : v);
