import type { AppEnv } from "../env";

/** Nightly: upserts the rhythm vector of every user who can be matched. */
export async function refreshRhythms(_env: AppEnv, _now: Date): Promise<{ upserted: number }> {
  return { upserted: 0 };
}
