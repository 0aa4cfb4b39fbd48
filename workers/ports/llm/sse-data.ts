import { logRejection } from "../../log";

/**
 * The `data` of each server-sent event in a byte stream, in order (WHATWG event-stream parsing:
 * lines end in CRLF, LF or CR; `data:` lines of one event join with "\n"; comments, `event:`, `id:`
 * and `retry:` lines are ignored; an event without data is not dispatched). A chunk may end anywhere,
 * even inside a multi-byte character or between the CR and LF of one line ending; a last event
 * that the server did not end with a blank line is still delivered.
 *
 * The streaming chat adapters (OpenAI-compatible vendors, Workers AI) need only the data. On the
 * OpenAI path this replaces the `openai` SDK's general SSE parser: it decodes each network chunk once
 * and scans it for line ends, where the SDK copies bytes into a growing buffer and re-scans it per line.
 */
export async function* sseData(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  const reader = body.getReader();
  let pending = "";
  let data: string[] = [];
  let skipLf = false;
  let ended = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      // at the end, a blank line closes whatever the server left open (a last line, a last event)
      let text = done ? decoder.decode() + "\n\n" : decoder.decode(value, { stream: true });
      if (skipLf && text.startsWith("\n")) text = text.slice(1);
      skipLf = false;
      text = pending + text;
      pending = "";
      let start = 0;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c !== 10 && c !== 13) continue;
        const line = text.slice(start, i);
        if (c === 13) {
          if (i + 1 === text.length) skipLf = true;
          else if (text.charCodeAt(i + 1) === 10) i++;
        }
        start = i + 1;
        if (line === "") {
          if (data.length) yield data.join("\n");
          data = [];
        } else if (line.startsWith("data")) {
          if (line.length === 4) data.push("");
          else if (line.charCodeAt(4) === 58 /* : */) data.push(line.slice(line.charCodeAt(5) === 32 ? 6 : 5));
        }
      }
      pending = text.slice(start);
      if (done) {
        ended = true;
        return;
      }
    }
  } finally {
    reader.releaseLock();
    // only a reader that stopped early cancels: a body read to its end has nothing left to cancel
    if (!ended) await body.cancel().catch(logRejection("model response body not cancelled"));
  }
}

/**
 * `sseData` up to the `[DONE]` sentinel that ends an OpenAI-style stream (both streaming adapters'
 * vendors send it). What follows it is read to the end and dropped (the server ends the body at
 * once), as the SDK's own stream does: a body left unread is cancelled, and its connection cannot be
 * reused.
 */
export async function* sseDataUntilDone(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  let finished = false;
  for await (const data of sseData(body)) {
    if (data === "[DONE]") finished = true;
    if (!finished) yield data;
  }
}
