import type { Period, Report } from "../../schemas/retrospects";
import { buildReport } from "../domain/growth-report";
import { periodContaining, periodJustEnded, localTime, utcBounds } from "../domain/periods";
import type { AppEnv } from "../env";
import { createBus } from "../ports/bus";
import { findReport, saveReport, toReport } from "../ports/db/reports";
import { retrospectsBetween, toRetrospect } from "../ports/db/retrospects";
import { userSettings, usersAfter } from "../ports/db/users";

/**
 * Computes and stores the report of one user's period. One row per (user, period, start day):
 * generating again (the on-demand report of a running week, then the cron's final one) updates it.
 */
export async function generateReport(
  env: AppEnv,
  job: { userId: string; period: Period; from: string; to: string },
): Promise<Report> {
  const { timezone, locale } = await userSettings(env, job.userId);
  const { start, end } = utcBounds(job.from, job.to, timezone);
  const entries = (await retrospectsBetween(env, job.userId, start, end)).map((r) => {
    const feedback = toRetrospect(r).feedback;
    return {
      content: r.content,
      mood: r.mood,
      tags: r.tags,
      createdAt: r.createdAt.getTime(),
      feedback:
        feedback.status === "ready"
          ? {
              summary: feedback.summary ?? "",
              strengths: feedback.strengths,
              weaknesses: feedback.weaknesses,
              keepDoing: feedback.keepDoing,
              recommendations: feedback.recommendations,
            }
          : null,
    };
  });
  const { userId, period, from, to } = job;
  return toReport(await saveReport(env, { userId, period, from, to, body: buildReport(entries, locale) }));
}

/** An on-demand report of the running period; reused when one was already made today. */
export async function reportNow(
  env: AppEnv,
  userId: string,
  period: Period,
  now = new Date(),
): Promise<{ report: Report; reused: boolean }> {
  const { timezone } = await userSettings(env, userId);
  const today = localTime(now, timezone).date;
  const { from } = periodContaining(period, today);
  const existing = await findReport(env, { userId, period, from });
  if (existing && existing.to >= today) return { report: toReport(existing), reused: true };
  return { report: await generateReport(env, { userId, period, from, to: today }), reused: false };
}

const USERS_PER_PAGE = 500;

/**
 * The hourly cron: for every user whose local week (or month) ended in the past hour and who wrote
 * in it, queue a report. Users are paged by id so any number of them fits in one invocation.
 */
export async function queueDueReports(env: AppEnv, now: Date): Promise<{ queued: number }> {
  const bus = createBus(env);
  let queued = 0;
  for (let after = ""; ;) {
    const page = await usersAfter(env, after, USERS_PER_PAGE);
    const jobs = [];
    for (const user of page) {
      for (const period of ["week", "month"] as const) {
        const ended = periodJustEnded(period, now, user.timezone);
        if (!ended) continue;
        const { start, end } = utcBounds(ended.from, ended.to, user.timezone);
        if ((await retrospectsBetween(env, user.id, start, end)).length === 0) continue;
        jobs.push({ kind: "report.generate" as const, userId: user.id, period, ...ended });
      }
    }
    if (jobs.length) await bus.sendBatch(jobs);
    queued += jobs.length;
    if (page.length < USERS_PER_PAGE) return { queued };
    after = page[page.length - 1]!.id;
  }
}
