import { logEvent } from "../log";
import type { AppEnv } from "../env";
import { queueDueReports } from "../services/reports";
import { endChallenges } from "../services/social/challenges";
import { endGracePeriods } from "./billing";
import { maintenance } from "./maintenance";
import { refreshRhythms } from "./rhythms";

/** Cron expression (as in wrangler.toml) → job. Product lines add their schedules here. */
export const schedules: Record<string, (env: AppEnv, now: Date) => Promise<unknown>> = {
  // maintenance, the final ranks of challenges that ended, and grace periods that ran out (bounded per run)
  "*/15 * * * *": async (env, now) => {
    const [maintained, challenges, billing] = await Promise.all([
      maintenance(env, now),
      endChallenges(env, now),
      endGracePeriods(env, now),
    ]);
    return { maintenance: maintained, challenges, billing };
  },
  // hourly, so each user's local Monday 00:xx (and the 1st) is seen in their own time zone
  "5 * * * *": queueDueReports,
  // nightly: rhythm vectors of the people who can be matched (GET /v1/matches)
  "40 3 * * *": refreshRhythms,
};

export async function handleScheduled(
  controller: ScheduledController,
  env: AppEnv,
  ctx: ExecutionContext,
): Promise<void> {
  const job = schedules[controller.cron];
  if (!job) {
    logEvent("warn", "no job for cron", { cron: controller.cron });
    return;
  }
  const result = await job(env, new Date(controller.scheduledTime));
  logEvent("info", "cron done", { cron: controller.cron, result });
  void ctx;
}
