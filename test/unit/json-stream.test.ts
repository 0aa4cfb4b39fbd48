import { describe, expect, it } from "vitest";
import { JsonStreamWriter } from "../../workers/domain/json-stream";

/** Writes a document the way the export does, taking the text in small pieces along the way. */
function streamed(write: (w: JsonStreamWriter, flush: () => void) => void): { text: string; pieces: number } {
  const w = new JsonStreamWriter();
  const pieces: string[] = [];
  const flush = () => {
    const piece = w.take();
    if (piece) pieces.push(piece);
  };
  write(w, flush);
  flush();
  return { text: pieces.join(""), pieces: pieces.length };
}

describe("the streaming JSON writer", () => {
  it("writes a document that parses, with Korean text, quotes, newlines and control characters", () => {
    const tricky = {
      body: '오늘의 회고: "잘한 점"\n- 집중\r\n\t탭 \\ 백슬래시',
      control: "\u0000\u001f\u2028\u2029",
      emoji: "🏃‍♀️ 달리기",
      lone: "\ud800 끝",
    };
    const { text, pieces } = streamed((w, flush) => {
      w.beginObject().value("edge-coach-export/1", "format").beginObject("sections");
      w.beginArray("posts");
      for (let i = 0; i < 3; i++) {
        w.value({ ...tricky, i });
        flush();
      }
      w.endArray().value(tricky, "profile").beginArray("empty").endArray().endObject();
      w.beginObject("manifest").value({ posts: 3, '키 "따옴표"': 1 }, "counts").endObject().endObject();
    });
    expect(pieces).toBeGreaterThan(2);
    const parsed = JSON.parse(text) as { sections: { posts: unknown[]; profile: unknown; empty: unknown[] } };
    expect(parsed.sections.posts).toEqual([0, 1, 2].map((i) => ({ ...tricky, i })));
    expect(parsed.sections.profile).toEqual(tricky);
    expect(parsed.sections.empty).toEqual([]);
    expect(parsed).toMatchObject({
      format: "edge-coach-export/1",
      manifest: { counts: { posts: 3, '키 "따옴표"': 1 } },
    });
  });

  it("keeps a lone surrogate as an escape, so the text encodes to UTF-8 without loss", () => {
    const { text } = streamed((w) => w.beginArray().value("\ud800").endArray());
    expect(text).toBe('["\\ud800"]');
    expect(new TextDecoder().decode(new TextEncoder().encode(text))).toBe(text);
  });

  it("separates members with commas only between them", () => {
    const { text } = streamed((w) =>
      w.beginObject().beginArray("a").value(1).value(null).value(undefined).endArray().value({}, "b").endObject(),
    );
    expect(text).toBe('{"a":[1,null,null],"b":{}}');
  });

  it("is done once the outermost container closes, and refuses more", () => {
    const w = new JsonStreamWriter().beginObject();
    expect(w.done).toBe(false);
    w.endObject();
    expect(w.done).toBe(true);
    expect(() => w.value(1)).toThrow(/already complete/);
  });

  it("refuses a key inside an array, a missing key inside an object, and a mismatched close", () => {
    expect(() => new JsonStreamWriter().beginArray().value(1, "k")).toThrow(/takes no key/);
    expect(() => new JsonStreamWriter().beginObject().value(1)).toThrow(/needs a key/);
    expect(() => new JsonStreamWriter().beginObject().endArray()).toThrow(/no open array/);
    expect(() => new JsonStreamWriter().endObject()).toThrow(/no open object/);
  });

  it("takes only what was written since the last take", () => {
    const w = new JsonStreamWriter().beginArray().value("가");
    expect(w.size).toBe(4);
    expect(w.take()).toBe('["가"');
    expect(w.size).toBe(0);
    w.value("나").endArray();
    expect(w.take()).toBe(',"나"]');
  });
});
