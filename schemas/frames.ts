import type { z } from "zod";

/**
 * Parses one WebSocket text frame with a schema. A binary frame or text that is not JSON fails the
 * same way a wrong shape does, so an actor answers every bad frame with one kind of error.
 */
export function parseFrame<T extends z.ZodType>(schema: T, raw: string | ArrayBuffer): ReturnType<T["safeParse"]> {
  let value: unknown = undefined;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw);
    } catch {
      // fails the schema below, like any other malformed frame
    }
  }
  return schema.safeParse(value) as ReturnType<T["safeParse"]>;
}
