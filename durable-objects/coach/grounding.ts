import type { Retrieved } from "../../workers/services/knowledge";

/** What a turn's prompt is grounded in; settled, so a turn waiting in the queue holds no rejection. */
export type Grounding = { ok: true; chunks: Retrieved[] } | { ok: false; error: unknown };

/**
 * A turn waiting to run: its answer's id, the question, its grounding if already started, and the
 * HTTP request that asked (X-Request-Id), so the turn's log row joins it; a turn asked over the
 * session's socket, or restarted after eviction, has none.
 */
export type QueuedTurn = { id: number; question: string; requestId: string | null; grounding?: Promise<Grounding> };

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
    (error: unknown): Grounding => ({ ok: false, error }),
  );
  void grounding.then(() => onAsked());
  return { asked, grounding };
}
