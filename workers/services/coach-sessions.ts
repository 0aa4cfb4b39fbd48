import type { CoachType } from "../../schemas/coach";
import type { AppEnv } from "../env";
import { insertCoachSession } from "../ports/db/coach-sessions";

/**
 * Opens a coaching conversation: its row in D1 (for listing) first, then its actor, which owns
 * the messages. A session listed but never initialised answers 404, like any foreign session.
 */
export async function openSession(env: AppEnv, userId: string, leadershipType?: CoachType): Promise<string> {
  const id = crypto.randomUUID();
  await insertCoachSession(env, { id, userId, leadershipType, now: new Date() });
  await env.COACH_SESSION.get(env.COACH_SESSION.idFromName(id)).init(userId, id, leadershipType);
  return id;
}
