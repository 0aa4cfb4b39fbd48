import { MAX_SUMMARY_ENTRIES, type Period, type Report, type Stats } from "../../schemas/retrospects";
import { buildReport, periodActivity, themes, WEEK_MS, weeklyStats, weekZero } from "../domain/growth-report";
import { addDays, periodContaining, periodJustEnded, localTime, utcBounds } from "../domain/periods";
import type { AppEnv } from "../env";
import { createDayAnalytics } from "../ports/analytics";
import { createBus } from "../ports/bus";
import { findReport, saveReport, toReport } from "../ports/db/reports";
import { anyBetween, countBetween, newestBetween, toRetrospect, weekCounts } from "../ports/db/retrospects";
import { userSettings, usersAfter } from "../ports/db/users";

/**
 * Computes and stores the report of one user's period. One row per (user, period, start day):
 * generating again (the on-demand report of a running week, then the cron's final one) updates it.
 * It reads the period's newest MAX_SUMMARY_ENTRIES entries and counts the rest, so its work is
 * bounded however much was written, and the period's life-log days (local days of the user's zone)
 * from the analytics store: Postgres when the archive is configured, else D1.
 */
export async function generateReport(
  env: AppEnv,
  job: { userId: string; period: Period; from: string; to: string },
): Promise<Report> {
  const { timezone, locale } = await userSettings(env, job.userId);
  const range = utcBounds(job.from, job.to, timezone);
  const [rows, total, logged] = await Promise.all([
    newestBetween(env, job.userId, range, MAX_SUMMARY_ENTRIES),
    countBetween(env, job.userId, range),
    createDayAnalytics(env).personTotals(job.userId, { since: job.from, until: job.to }),
  ]);
  const entries = rows.map((r) => {
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
  const body = { ...buildReport(entries, locale, total), activity: periodActivity(logged) };
  return toReport(await saveReport(env, { userId, period, from, to, body }));
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
        if (!(await anyBetween(env, user.id, utcBounds(ended.from, ended.to, user.timezone)))) continue;
        jobs.push({ kind: "report.generate" as const, userId: user.id, period, ...ended });
      }
    }
    if (jobs.length) await bus.sendBatch(jobs);
    queued += jobs.length;
    if (page.length < USERS_PER_PAGE) return { queued };
    after = page[page.length - 1]!.id;
  }
}

/**
 * Entries and mood per week between two days (UTC), and the themes of the newest entries: one
 * counting query (a row per week) and one read of at most MAX_SUMMARY_ENTRIES entries, whatever the
 * span (at most MAX_STATS_DAYS) and however many entries it holds.
 */
export async function retrospectStats(
  env: AppEnv,
  userId: string,
  { from, to }: { from: string; to: string },
): Promise<Stats> {
  const range = { start: new Date(`${from}T00:00:00Z`), end: new Date(`${addDays(to, 1)}T00:00:00Z`) };
  const [counts, newest] = await Promise.all([
    weekCounts(env, userId, range, { weekZero: weekZero(from), weekMs: WEEK_MS }),
    newestBetween(env, userId, range, MAX_SUMMARY_ENTRIES),
  ]);
  return {
    from,
    to,
    weeks: weeklyStats(counts, from, to),
    themes: themes(
      newest.map((r) => {
        const { strengths, weaknesses } = toRetrospect(r).feedback;
        return [...r.tags, ...strengths, ...weaknesses];
      }),
      8,
    ),
    themesFrom: newest.length,
    total: counts.reduce((sum, c) => sum + c.entries, 0),
  };
}
