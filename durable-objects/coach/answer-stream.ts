import type { Message } from "../../schemas/coach";
import { eventStream, type SseEvent } from "../event-stream";
import { sseOf, type TurnEvent } from "./turns";

/** A turn being generated: its text so far, who listens, and whether it restarted after eviction. */
export type Live = {
  text: string;
  listeners: Set<(e: TurnEvent) => void>;
  done: Promise<TurnEvent>;
  restarted: boolean;
};

export const FAILED_DETAIL = "the answer could not be generated; send the question again";

/**
 * Everything after `offset` characters of the answer, as SSE: what exists now, then live tokens.
 * The listener is attached before anything is written (writes queue in order), so no token is lost
 * between catch-up and live; text below `offset` is never sent twice. A turn regenerated after a
 * restart may differ from what the client saw, so such a resume starts with `reset`. A client that
 * goes away only loses its listener; the turn runs on and is stored.
 */
export function answerStream(
  id: number,
  offset: number,
  live: Live | undefined,
  stored: () => Message,
  prelude?: SseEvent,
): ReadableStream<Uint8Array> {
  const messageId = String(id);
  let listener: ((e: TurnEvent) => void) | undefined;
  const out = eventStream({ messageId }, () => listener && live?.listeners.delete(listener));
  if (prelude) out.send(prelude);
  if (!live) {
    const message = stored();
    if (message.content.length > offset)
      out.send(sseOf({ type: "token", messageId, text: message.content.slice(offset) }));
    for (const c of message.citations) out.send(sseOf({ type: "citation", messageId, ...c }));
    out.send(
      message.status === "failed"
        ? sseOf({ type: "failed", messageId, detail: FAILED_DETAIL })
        : sseOf({ type: "done", messageId, provider: message.provider ?? "", model: message.model ?? "" }),
    );
    out.close();
  } else {
    let sent = offset;
    if (live.restarted && offset > 0) {
      out.send({ event: "reset", data: { messageId } });
      sent = 0;
    }
    const catchUp = () => {
      if (live.text.length <= sent) return;
      out.send(sseOf({ type: "token", messageId, text: live.text.slice(sent) }));
      sent = live.text.length;
    };
    listener = (e: TurnEvent) => {
      if (e.type === "token") return catchUp();
      out.send(sseOf(e));
      if (e.type === "done" || e.type === "failed") {
        live.listeners.delete(listener!);
        out.close();
      }
    };
    live.listeners.add(listener);
    catchUp();
  }
  return out.body;
}
