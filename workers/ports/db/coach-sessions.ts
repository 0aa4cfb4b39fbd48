import { eq, sql } from "drizzle-orm";
import type { CoachType, Session } from "../../../schemas/coach";
import { coachSessions, type CoachSessionRow } from "../../../schemas/db";
import { createDb, type D1Env } from "./d1";
import { newestFirst, type Page, type PageRequest } from "./keyset";

export const toSession = (r: CoachSessionRow): Session => ({
  id: r.id,
  leadershipType: (r.leadershipType as CoachType | null) ?? null,
  title: r.title,
  messageCount: r.messageCount,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

export async function insertCoachSession(
  env: D1Env,
  session: { id: string; userId: string; leadershipType?: CoachType; now: Date },
): Promise<void> {
  const { id, userId, leadershipType, now } = session;
  await createDb(env).insert(coachSessions).values({ id, userId, leadershipType, createdAt: now, updatedAt: now });
}

/** Most recently active first, keyset-paginated on (updatedAt, id). */
export function listCoachSessions(env: D1Env, userId: string, page: PageRequest): Promise<Page<CoachSessionRow>> {
  return newestFirst(
    createDb(env),
    { table: coachSessions, at: "updatedAt", id: "id", where: eq(coachSessions.userId, userId) },
    page,
  );
}

/** After a turn: the message count, the last activity, and the first question as the title. */
export async function touchCoachSession(
  env: D1Env,
  id: string,
  change: { messageCount: number; question: string },
): Promise<void> {
  await createDb(env)
    .update(coachSessions)
    .set({
      messageCount: change.messageCount,
      updatedAt: new Date(),
      title: sql`coalesce(${coachSessions.title}, ${change.question.slice(0, 80)})`,
    })
    .where(eq(coachSessions.id, id));
}
