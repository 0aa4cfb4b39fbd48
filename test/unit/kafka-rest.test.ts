import { describe, expect, it } from "vitest";
import { basicAuth, chunkSerialized, retryAfterMs } from "../../workers/ports/kafka/rest";
import { splitConcatenatedJson } from "../../workers/ports/kafka/rest-v3";

describe("splitting Concatenated JSON delivery reports", () => {
  it("reads values back to back, with or without whitespace between", () => {
    expect(splitConcatenatedJson('{"a":1}{"b":[2,3]}\n {"c":"}{"}\r\n')).toEqual([
      { a: 1 },
      { b: [2, 3] },
      { c: "}{" },
    ]);
  });

  it("keeps escaped quotes and Hangul inside strings intact", () => {
    expect(splitConcatenatedJson('{"m":"\\"가격\\" {"}{"n":"\\\\"}')).toEqual([{ m: '"가격" {' }, { n: "\\" }]);
  });

  it("reads an empty answer as no reports", () => {
    expect(splitConcatenatedJson(" \n")).toEqual([]);
  });

  it("refuses a truncated last value", () => {
    expect(() => splitConcatenatedJson('{"error_code":200}{"error_code":')).toThrow(/incomplete/);
  });

  it("refuses text between values", () => {
    expect(() => splitConcatenatedJson('{"a":1},{"b":2}')).toThrow(/unexpected ,/);
  });
});

describe("Retry-After", () => {
  it("reads delta-seconds", () => {
    expect(retryAfterMs("3")).toBe(3000);
  });

  it("reads an HTTP date relative to now", () => {
    const now = Date.parse("2025-05-01T00:00:00Z");
    expect(retryAfterMs("Thu, 01 May 2025 00:00:05 GMT", now)).toBe(5000);
  });

  it("ignores a missing or unreadable header", () => {
    expect(retryAfterMs(null)).toBeUndefined();
    expect(retryAfterMs("soon")).toBeUndefined();
  });
});

describe("request chunks", () => {
  const limits = { records: 3, bytes: 19 };

  it("close a chunk at the record limit", () => {
    expect(chunkSerialized(["1", "2", "3", "4"], limits)).toEqual([["1", "2", "3"], ["4"]]);
  });

  it("close a chunk before the byte cap, counting UTF-8 bytes", () => {
    // "가나다" is 3 characters but 9 bytes (+1 separator each)
    expect(chunkSerialized(["가나다", "가나다", "a"], limits)).toEqual([["가나다"], ["가나다", "a"]]);
  });

  it("send a record over the cap alone rather than drop it", () => {
    expect(chunkSerialized(["a", "x".repeat(50), "b"], limits)).toEqual([["a"], ["x".repeat(50)], ["b"]]);
  });
});

describe("Basic credentials", () => {
  it("encode a Hangul password as UTF-8", () => {
    expect(basicAuth("edge", "비밀")).toBe(`Basic ${Buffer.from("edge:비밀", "utf8").toString("base64")}`);
  });
});
