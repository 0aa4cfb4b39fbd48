import { describe, expect, it } from "vitest";
import { sseData, sseDataUntilDone } from "../../workers/ports/llm/sse-data";

/** A byte stream cut into the given pieces (strings are UTF-8 encoded, arrays are raw bytes). */
function streamOf(pieces: (string | number[])[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const p of pieces) controller.enqueue(typeof p === "string" ? encoder.encode(p) : Uint8Array.from(p));
      controller.close();
    },
  });
}

async function all(body: ReadableStream<Uint8Array>): Promise<string[]> {
  const out: string[] = [];
  for await (const data of sseData(body)) out.push(data);
  return out;
}

/** Every way of cutting `text` in two, and byte by byte. */
function cuts(text: string): (string | number[])[][] {
  const bytes = [...new TextEncoder().encode(text)];
  const out: (string | number[])[][] = [bytes.map((b) => [b])];
  for (let i = 1; i < bytes.length; i++) out.push([bytes.slice(0, i), bytes.slice(i)]);
  return out;
}

describe("sseData", () => {
  it("yields the data of each event, joining multi-line data and ignoring other fields and comments", async () => {
    const body = streamOf([
      ': keep-alive\n\nevent: token\nid: 7\ndata: {"a":1}\n\n',
      "data: first\ndata:second\ndata\n\nretry: 10\n\ndata: [DONE]\n\n",
    ]);
    expect(await all(body)).toEqual(['{"a":1}', "first\nsecond\n", "[DONE]"]);
  });

  it("ignores fields that only start with 'data' and events that carry no data", async () => {
    expect(await all(streamOf(["dataset: no\n\nevent: ping\n\ndata: yes\n\n"]))).toEqual(["yes"]);
  });

  it("gives the same events however the bytes are cut, across CRLF, CR and multi-byte Hangul", async () => {
    const text = 'data: {"t":"안녕하세요"}\r\ndata: 2\r\n\r\ndata: coach\rdata: 코치\r\rdata: last\n\n';
    const expected = ['{"t":"안녕하세요"}\n2', "coach\n코치", "last"];
    for (const pieces of cuts(text)) expect(await all(streamOf(pieces))).toEqual(expected);
  });

  it("keeps only one leading space after the colon", async () => {
    expect(await all(streamOf(["data:  two spaces\n\n"]))).toEqual([" two spaces"]);
  });

  it("delivers a last event the server did not end with a blank line", async () => {
    expect(await all(streamOf(["data: a\n\ndata: [DONE]"]))).toEqual(["a", "[DONE]"]);
  });

  it("cancels the body when the reader stops early", async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new TextEncoder().encode("data: again\n\n"));
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const data of sseData(body)) {
      expect(data).toBe("again");
      break;
    }
    expect(cancelled).toBe(true);
  });
});

describe("sseDataUntilDone", () => {
  it("yields the data before [DONE] and reads what follows to the end without yielding it", async () => {
    let pulledToEnd = false;
    const encoder = new TextEncoder();
    const pieces = ["data: a\n\n", "data: [DONE]\n\n", "data: late\n\n"];
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = pieces.shift();
        if (next === undefined) {
          pulledToEnd = true;
          controller.close();
        } else controller.enqueue(encoder.encode(next));
      },
    });
    const out: string[] = [];
    for await (const data of sseDataUntilDone(body)) out.push(data);
    expect(out).toEqual(["a"]);
    expect(pulledToEnd).toBe(true);
  });
});
