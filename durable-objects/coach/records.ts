import { eq, sql } from "drizzle-orm";
import { coachSessions } from "../../schemas/db";
import type { AppEnv } from "../../workers/env";
import { createBus } from "../../workers/ports/bus";
import { createDb } from "../../workers/ports/db/d1";

/** The session's row in D1 (title, message count, last activity); a failure only leaves it stale. */
export async function touchSessionIndex(
  env: AppEnv,
  sessionId: string | undefined,
  change: { messageCount: number; question: string },
): Promise<void> {
  if (!sessionId) return;
  await createDb(env)
    .update(coachSessions)
    .set({
      messageCount: change.messageCount,
      updatedAt: new Date(),
      title: sql`coalesce(${coachSessions.title}, ${change.question.slice(0, 80)})`,
    })
    .where(eq(coachSessions.id, sessionId))
    .catch(() => undefined);
}

/** One generated answer in the request log (through the queue; a failure to send is not the turn's). */
export async function logTurn(
  env: AppEnv,
  turn: {
    userId: string | null;
    status: number;
    started: number;
    provider: string | null;
    model: string | null;
    tokens: number;
  },
): Promise<void> {
  const { started, ...rest } = turn;
  await createBus(env)
    .send({
      kind: "request.log",
      id: crypto.randomUUID(),
      route: "coach.answer",
      method: "STREAM",
      latencyMs: Date.now() - started,
      ...rest,
      at: Date.now(),
    })
    .catch(() => undefined);
}
