/**
 * Server-sent events read from a fetch body. EventSource cannot send an Authorization header, and
 * the API takes tokens only there, so the stream is fetched and handed to eventsource-parser (the
 * parser the widget and the tests use too; copied to public/vendor/ by scripts/vendor-assets.mjs).
 */
import { createParser } from "/vendor/eventsource-parser/index.js";
import { problemOf } from "./api.js";

/** A response that was not an event stream (a 5xx, or a 200 of another type). */
export class StreamError extends Error {
  name = "StreamError";
}

/**
 * Calls `onEvent(event, data)` for each event until the server closes the stream or `signal`
 * aborts. Rejects with a ProblemError for an API error (the caller should show it, not retry) and
 * with a StreamError or TypeError when the stream itself is unusable.
 */
export async function followSse(path, { token, signal, onEvent }) {
  const response = await fetch(path, {
    headers: { Accept: "text/event-stream", Authorization: `Bearer ${token}` },
    cache: "no-store",
    signal,
  });
  if (!response.ok) {
    const text = await response.text().catch(() => "");
    if (response.status < 500) throw problemOf(response, text);
    throw new StreamError(`${response.status} ${text.slice(0, 200)}`);
  }
  if (!response.body || !/^text\/event-stream/.test(response.headers.get("Content-Type") ?? ""))
    throw new StreamError(`not an event stream: ${response.headers.get("Content-Type")}`);

  const parser = createParser({
    onEvent({ event, data }) {
      let parsed;
      try {
        parsed = JSON.parse(data);
      } catch {
        return; // every event the API sends is JSON; anything else is not ours to show
      }
      onEvent(event ?? "message", parsed);
    },
  });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    parser.feed(value);
  }
}
