// Part of the widget bundle: workers/api/widget.ts concatenates public/widget/*.js inside one IIFE.
// The HTTP side: a fetch wrapper that turns problem+json into errors, and a server-sent-events reader
// (EventSource cannot send an Authorization header or a POST body, so the stream is fetched).

class ApiProblem extends Error {
  constructor(status, body, retryAfter) {
    super(body.detail || body.title || `HTTP ${status}`);
    this.name = "ApiProblem";
    this.status = status;
    this.title = typeof body.title === "string" ? body.title : `HTTP ${status}`;
    this.detail = typeof body.detail === "string" ? body.detail : "";
    this.upgrade = body.upgrade === true;
    this.retryAfter = retryAfter;
  }
}

class NetworkError extends Error {
  constructor(message) {
    super(message);
    this.name = "NetworkError";
  }
}

/** Seconds from a `Retry-After` header (delta-seconds or an HTTP date), or null. */
function retryAfterOf(header) {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(1, Math.ceil(seconds));
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(1, Math.ceil((at - Date.now()) / 1000)) : null;
}

async function problemOf(res) {
  let body = {};
  try {
    const parsed = await res.json();
    if (parsed && typeof parsed === "object") body = parsed;
  } catch {
    // not JSON: the status alone describes it
  }
  return new ApiProblem(res.status, body, retryAfterOf(res.headers.get("Retry-After")));
}

function createClient(apiBase, getToken) {
  async function request(path, { method = "GET", body, accept = "application/json", signal } = {}) {
    const headers = { Accept: accept };
    const token = getToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let res;
    try {
      res = await fetch(apiBase + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: "omit",
        cache: "no-store",
        signal,
      });
    } catch (error) {
      if (error && error.name === "AbortError") throw error;
      throw new NetworkError(error instanceof Error ? error.message : String(error));
    }
    if (!res.ok) throw await problemOf(res);
    return res;
  }
  return {
    request,
    json: async (path, options) => (await request(path, options)).json(),
  };
}

/**
 * Reads an SSE body, calling `onEvents` once per network chunk with the events it completed, so
 * the view repaints once per chunk rather than once per token. Rejects if the connection drops.
 * `createParser` is eventsource-parser, the parser the pages use too (the widget-part.js that
 * scripts/vendor-assets.mjs makes of it is concatenated before this file).
 */
async function readEvents(res, onEvents) {
  let events = [];
  const parser = createParser({
    onEvent({ event, data }) {
      try {
        events.push({ event: event || "message", data: JSON.parse(data) });
      } catch {
        // every event the API sends is JSON; anything else is not ours to show
      }
    },
  });
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    parser.feed(decoder.decode(value, { stream: true }));
    if (events.length) onEvents(events);
    events = [];
  }
}
