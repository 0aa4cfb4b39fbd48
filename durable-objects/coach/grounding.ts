import type { StreamResult } from "../../workers/ports/llm/types";
import type { Retrieved } from "../../workers/services/knowledge";

/** A failure held as a value (see `settled`). */
export type Failed = { ok: false; error: unknown };

/** What a turn's prompt is grounded in; settled, so a turn waiting in the queue holds no rejection. */
export type Grounding = { ok: true; chunks: Retrieved[] } | Failed;

export type Settled<T> = { ok: true; value: T } | Failed;

/** A promise's outcome as a value, for one read later: its rejection is never left unhandled meanwhile. */
export const settled = <T>(promise: Promise<T>): Promise<Settled<T>> =>
  promise.then(
    (value): Settled<T> => ({ ok: true, value }),
    (error: unknown): Failed => ({ ok: false, error }),
  );

/** A turn whose model has been asked: what grounded it, and the model's answer as it will settle. */
export type Asking = { ok: true; chunks: Retrieved[]; answer: Promise<Settled<StreamResult>> } | Failed;

/** The earlier turns a prompt may include, oldest first. */
export type History = { role: "user" | "assistant"; content: string }[];

/**
 * A turn waiting to run: its answer's id, the question, its grounding if already started, the model
 * request if already sent (an idle session asks before it writes the turn), and the HTTP request that
 * asked (X-Request-Id), so the turn's log row joins it; a turn asked over the session's socket, or
 * restarted after eviction, has none.
 */
export type QueuedTurn = {
  id: number;
  question: string;
  requestId: string | null;
  grounding?: Promise<Grounding>;
  asking?: Promise<Asking>;
};

/**
 * Starts a turn's retrieval. `find` calls `asked` once the knowledge index has been queried; `asked`
 * settles then (or when the lookup failed before that), so the actor can hold its writes until the
 * query has left: a storage write holds back an actor's outgoing calls until it is durable, and a
 * query sent after the turn's writes waited for their commit before it went out.
 */
export function startGrounding(find: (asked: () => void) => Promise<Retrieved[]>): {
  asked: Promise<void>;
  grounding: Promise<Grounding>;
} {
  let onAsked!: () => void;
  const asked = new Promise<void>((resolve) => (onAsked = resolve));
  const grounding = find(() => onAsked()).then(
    (chunks): Grounding => ({ ok: true, chunks }),
    (error: unknown): Failed => ({ ok: false, error }),
  );
  void grounding.then(() => onAsked());
  return { asked, grounding };
}
