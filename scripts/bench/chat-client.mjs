// Small HTTP helpers for the chat bench: keep-alive JSON calls and one streamed coaching turn read
// straight off the socket, so timestamps are when the bytes arrived, not when a parser got to them.
import http from "node:http";
import { performance } from "node:perf_hooks";

export const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

/** One JSON request on a keep-alive connection: `{ status, body, ms }`. */
export function callJson(url, method, path, { token, body, headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(`${url}${path}`, {
      method,
      agent,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(payload ? { "content-type": "application/json" } : {}),
        ...headers,
      },
    });
    let started;
    req.on("response", (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (text += c));
      res.on("end", () => {
        const ms = performance.now() - started;
        let parsed = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          // not JSON: keep the text
        }
        resolve({ status: res.statusCode, body: parsed, ms });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.setTimeout(60_000, () => req.destroy(new Error(`${method} ${path}: no answer in 60 s`)));
    started = performance.now();
    req.end(payload);
  });
}

/** Like `callJson`, but throws unless the status is 2xx. */
export async function mustJson(url, method, path, opts) {
  const res = await callJson(url, method, path, opts);
  if (res.status < 200 || res.status > 299)
    throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  return res.body;
}

/**
 * `POST /v1/coach/sessions/:id/messages` with `Accept: text/event-stream`, read to the end. Times
 * (performance.now()) of: sending the request, the response head, the `message` event, the first
 * `token` event and `done`/`failed`; plus the answer text and the `done` data.
 */
export function streamTurn(url, token, sessionId, content, opts) {
  return readSse(url, "POST", `/v1/coach/sessions/${sessionId}/messages`, token, JSON.stringify({ content }), opts);
}

/** `GET …/messages/:messageId/stream?offset=`: replays a finished answer (or the rest of a live one). */
export function resumeTurn(url, token, sessionId, messageId, offset = 0, opts) {
  return readSse(
    url,
    "GET",
    `/v1/coach/sessions/${sessionId}/messages/${messageId}/stream?offset=${offset}`,
    token,
    undefined,
    opts,
  );
}

function readSse(url, method, path, token, payload, { timeoutMs = 60_000 } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}${path}`, {
      method,
      agent,
      headers: {
        authorization: `Bearer ${token}`,
        ...(payload ? { "content-type": "application/json" } : {}),
        accept: "text/event-stream",
      },
    });
    const out = {
      status: 0,
      sentAt: 0,
      headAt: null,
      messageAt: null,
      firstTokenAt: null,
      endAt: null,
      end: null,
      text: "",
      tokenEvents: 0,
      done: null,
      detail: null,
    };
    req.on("response", (res) => {
      out.status = res.statusCode;
      out.headAt = performance.now();
      res.setEncoding("utf8");
      let buffer = "";
      res.on("data", (chunk) => {
        const now = performance.now();
        if (res.statusCode !== 200) {
          out.detail = (out.detail ?? "") + chunk;
          return;
        }
        buffer += chunk;
        for (let i = buffer.indexOf("\n\n"); i >= 0; i = buffer.indexOf("\n\n")) {
          const block = buffer.slice(0, i);
          buffer = buffer.slice(i + 2);
          let event = "message";
          let data = "";
          for (const line of block.split("\n")) {
            if (line.startsWith("event:")) event = line.slice(6).trim();
            else if (line.startsWith("data:")) data += line.slice(5).trim();
          }
          const parsed = data ? JSON.parse(data) : null;
          if (event === "message") out.messageAt ??= now;
          else if (event === "token") {
            out.firstTokenAt ??= now;
            out.tokenEvents++;
            out.text += parsed.text;
          } else if (event === "done" || event === "failed") {
            out.endAt = now;
            out.end = event;
            if (event === "done") out.done = parsed;
            else out.detail = parsed?.detail ?? data;
          }
        }
      });
      res.on("end", () => resolve(out));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${path}: silent for ${timeoutMs} ms`)));
    out.sentAt = performance.now();
    req.end(payload);
  });
}
