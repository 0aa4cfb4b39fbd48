import { SSEStreamingApi } from "hono/streaming";
import { logEvent } from "../workers/log";

/** One server-sent event: a name and a JSON payload. */
export type SseEvent = { event: string; data: unknown };

/**
 * An SSE response body an actor writes events into, framed by hono's `SSEStreamingApi` (the same
 * framing `streamSSE` gives routes; actors have no Hono context, so they use the class directly).
 * Writes keep their order and never reject. A reader that leaves is normal: `onLeave` runs once,
 * so the caller can stop listening, and the departure is logged at debug.
 */
export function eventStream(what: Record<string, unknown>, onLeave: () => void = () => {}) {
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const api = new SSEStreamingApi(writable, readable);
  let pending = Promise.resolve();
  api.onAbort(() => {
    logEvent("debug", "event stream reader left", what);
    onLeave();
  });
  return {
    body: api.responseReadable,
    send(e: SseEvent): void {
      pending = pending.then(() => api.writeSSE({ event: e.event, data: JSON.stringify(e.data) }));
    },
    close(): void {
      pending = pending.then(() => api.close());
    },
  };
}

export const sseResponse = (body: ReadableStream) =>
  new Response(body, { headers: { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-cache" } });
