import type { Privacy, PrivacyUpdate } from "../../schemas/lifelog";
import type { AppEnv } from "../env";
import { saveVisibility } from "../ports/db/lifelog";

/**
 * The actor holds consent and visibility (ingest reads them on every event); D1 mirrors visibility
 * for insights and matches, which count across users. The actor's answer is the truth: a failed mirror
 * write fails the request, and repeating the PUT (idempotent) writes it again.
 */
export async function updatePrivacy(env: AppEnv, userId: string, change: PrivacyUpdate): Promise<Privacy> {
  const actor = env.LIFELOG.get(env.LIFELOG.idFromName(userId));
  const privacy = await actor.updatePrivacy(userId, change);
  await saveVisibility(env, userId, privacy.visibility, Date.parse(privacy.updatedAt ?? new Date().toISOString()));
  return privacy;
}
