import { describe, expect, it } from "vitest";
import { z } from "zod";
import { decodeCursor, encodeCursor, paginate } from "../../workers/domain/cursor";

const Key = z.object({ at: z.number(), id: z.string() });

describe("pagination cursors", () => {
  it("round-trip a sort key, Hangul included", () => {
    const key = { at: 1767225600000, id: "회고-42" };
    expect(decodeCursor(encodeCursor(key), Key)).toEqual(key);
  });

  it("are URL-safe", () => {
    expect(encodeCursor({ at: 1, id: "???>>>" })).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it.each(["not base64!", encodeCursor({ at: "yesterday" }), encodeCursor([1, 2]), ""])(
    "reject a tampered cursor %s",
    (cursor) => {
      expect(decodeCursor(cursor, Key)).toBeUndefined();
    },
  );

  it("give a next cursor only when another row was fetched beyond the limit", () => {
    const rows = [1, 2, 3].map((n) => ({ at: n, id: `r${n}` }));
    expect(paginate(rows, 2, (r) => r)).toEqual({ items: rows.slice(0, 2), nextCursor: encodeCursor(rows[1]) });
    expect(paginate(rows, 3, (r) => r).nextCursor).toBeNull();
  });
});
