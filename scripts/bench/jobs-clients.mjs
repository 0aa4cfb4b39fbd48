// Clients for the jobs bench: a job's SSE stream and a user's live channel, both recording arrival
// times on the same clock as the server's stamps (loopback, one machine).
import { performance } from "node:perf_hooks";
import WebSocket from "ws";

/** Wall-clock milliseconds with sub-millisecond resolution, comparable with server `Date.now()` stamps. */
export const now = () => performance.timeOrigin + performance.now();

/**
 * Reads `GET /v1/jobs/:id/stream` until `done` or `failed`. Returns `{ openedAt, events, end, error }`
 * where each event is `{ event, data, at }` with `at` its arrival time.
 */
export async function followJob(url, token, jobId, timeoutMs) {
  const events = [];
  const result = { openedAt: null, events, end: null, error: null };
  try {
    const res = await fetch(`${url}/v1/jobs/${jobId}/stream`, {
      headers: { authorization: `Bearer ${token}`, accept: "text/event-stream" },
      signal: AbortSignal.timeout(timeoutMs),
    });
    result.openedAt = now();
    if (!res.ok) throw new Error(`stream ${res.status} ${(await res.text()).slice(0, 200)}`);
    const decoder = new TextDecoder();
    let buffer = "";
    for await (const chunk of res.body) {
      const at = now();
      buffer += decoder.decode(chunk, { stream: true });
      let cut;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1] ?? "message";
        const data = JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? "null");
        events.push({ event, data, at });
        if (event === "done" || event === "failed") result.end = { event, data, at };
      }
      if (result.end) break;
    }
    if (!result.end) throw new Error("stream closed before done/failed");
  } catch (error) {
    result.error = error.message;
  }
  return result;
}

/**
 * Opens a user's `/v1/stream` and resolves once the actor said `ready`. `messages` collects
 * `job.progress`/`job.done` as `{ type, data, stampedAt, at }` (`stampedAt`: the UserActor's `at`).
 */
export function openLive(url, token, timeoutMs = 15_000) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url.replace(/^http/, "ws")}/v1/stream?token=${encodeURIComponent(token)}`);
    const messages = [];
    const timer = setTimeout(() => reject(new Error("live channel: no `ready` in time")), timeoutMs);
    ws.on("message", (raw) => {
      const at = now();
      const m = JSON.parse(raw.toString());
      if (m.type === "ready") {
        clearTimeout(timer);
        resolve({ ws, messages });
      } else if (m.type === "job.progress" || m.type === "job.done") {
        messages.push({ type: m.type, data: m.data, stampedAt: Date.parse(m.at), at });
      }
    });
    ws.once("error", (e) => (clearTimeout(timer), reject(e)));
  });
}
