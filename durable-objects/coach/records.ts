import { logRejection } from "../../workers/log";
import type { Bus } from "../../workers/ports/bus";

/** Writes the session's row in D1; the actor passes the repository, so this store holds no database. */
export type TouchSession = (sessionId: string, change: { messageCount: number; question: string }) => Promise<void>;

/** The session's row in D1 (title, message count, last activity); a failure only leaves it stale. */
export async function touchSessionIndex(
  touch: TouchSession,
  sessionId: string | undefined,
  change: { messageCount: number; question: string },
): Promise<void> {
  if (!sessionId) return;
  await touch(sessionId, change).catch(logRejection("coach session index not updated", { sessionId }));
}

export type Turn = {
  userId: string | null;
  /** The HTTP request that asked (its X-Request-Id); null for a socket's question or a restarted turn. */
  requestId: string | null;
  status: number;
  started: number;
  provider: string | null;
  model: string | null;
  tokens: number;
};

/**
 * One generated answer in the request log (through the queue; a failure to send is not the turn's).
 * The log row has an id of its own (the HTTP request is logged too, under its id) and names the
 * request that asked in `requestId`.
 */
export async function logTurn(bus: Bus, turn: Turn): Promise<void> {
  const { started, ...rest } = turn;
  await bus
    .send({
      kind: "request.log",
      id: crypto.randomUUID(),
      route: "coach.answer",
      method: "STREAM",
      latencyMs: Date.now() - started,
      ...rest,
      at: Date.now(),
    })
    .catch(logRejection("coach turn not logged", { userId: turn.userId }));
}
