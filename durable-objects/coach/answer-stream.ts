import type { Message } from "../../schemas/coach";
import { logReaderLeft } from "../../workers/api/log";
import { sse, sseOf, type TurnEvent } from "./turns";

/** A turn being generated: its text so far, who listens, and whether it restarted after eviction. */
export type Live = {
  text: string;
  listeners: Set<(e: TurnEvent) => void>;
  done: Promise<TurnEvent>;
  restarted: boolean;
};

export const FAILED_DETAIL = "the answer could not be generated; send the question again";

/**
 * Everything after `offset` characters of the answer, as SSE bytes: what exists now, then live
 * tokens. The listener is attached before anything is written (writes queue in order), so no token
 * is lost between catch-up and live; text below `offset` is never sent twice. A turn regenerated
 * after a restart may differ from what the client saw, so such a resume starts with `reset`.
 */
export function answerStream(
  id: number,
  offset: number,
  live: Live | undefined,
  stored: () => Message,
  prelude = "",
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const writer = writable.getWriter();
  const dropped = logReaderLeft("answer stream reader left", { messageId: String(id) });
  const write = (text: string) => void writer.write(encoder.encode(text)).catch(dropped);
  const close = () => void writer.close().catch(dropped);
  const messageId = String(id);
  if (prelude) write(prelude);
  if (!live) {
    const message = stored();
    if (message.content.length > offset)
      write(sseOf({ type: "token", messageId, text: message.content.slice(offset) }));
    for (const c of message.citations) write(sseOf({ type: "citation", messageId, ...c }));
    write(
      message.status === "failed"
        ? sseOf({ type: "failed", messageId, detail: FAILED_DETAIL })
        : sseOf({ type: "done", messageId, provider: message.provider ?? "", model: message.model ?? "" }),
    );
    close();
  } else {
    let sent = offset;
    if (live.restarted && offset > 0) {
      write(sse("reset", { messageId }));
      sent = 0;
    }
    const catchUp = () => {
      if (live.text.length <= sent) return;
      write(sseOf({ type: "token", messageId, text: live.text.slice(sent) }));
      sent = live.text.length;
    };
    // a client that goes away only loses its listener; the turn runs on and is stored
    const listener = (e: TurnEvent) => {
      if (e.type === "token") return catchUp();
      write(sseOf(e));
      if (e.type === "done" || e.type === "failed") {
        live.listeners.delete(listener);
        close();
      }
    };
    live.listeners.add(listener);
    catchUp();
  }
  return readable;
}
