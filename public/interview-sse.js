/**
 * Server-sent events read from a fetch body. EventSource cannot send an Authorization header, and
 * the API takes tokens only there, so the stream is fetched and parsed by hand (WHATWG SSE rules:
 * blank line ends an event, `data:` lines join with "\n", lines starting with ":" are comments).
 */
import { ProblemError } from "./session.js";

/** A response that was not an event stream (non-2xx, or a body-less 200): `problem` if it was problem+json. */
export class StreamError extends Error {
  name = "StreamError";

  constructor(message, problem = null) {
    super(message);
    this.problem = problem;
  }
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
    let problem = null;
    try {
      problem = JSON.parse(text);
    } catch {
      problem = null;
    }
    if (problem && typeof problem === "object" && response.status < 500)
      throw new ProblemError({ ...problem, status: response.status });
    throw new StreamError(`${response.status} ${text.slice(0, 200)}`);
  }
  if (!response.body || !/^text\/event-stream/.test(response.headers.get("Content-Type") ?? ""))
    throw new StreamError(`not an event stream: ${response.headers.get("Content-Type")}`);

  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n?/g, "\n");
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const parsed = parseBlock(block);
      if (parsed) onEvent(parsed.event, parsed.data);
    }
  }
}

function parseBlock(block) {
  let event = "message";
  const data = [];
  for (const line of block.split("\n")) {
    if (!line || line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "event") event = value;
    else if (field === "data") data.push(value);
  }
  if (data.length === 0) return null;
  try {
    return { event, data: JSON.parse(data.join("\n")) };
  } catch {
    return null;
  }
}
