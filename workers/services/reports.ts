import { and, asc, desc, eq, gt, lt, or } from "drizzle-orm";
import { reports, users, type ReportRow } from "../../schemas/db";
import { ReportBodySchema, type Period, type Report } from "../../schemas/retrospects";
import { buildReport } from "../domain/growth-report";
import { periodContaining, periodJustEnded, localTime, utcBounds } from "../domain/periods";
import type { AppEnv } from "../env";
import { createBus } from "../ports/bus";
import { createDb, type Db } from "../ports/db/d1";
import { retrospectsBetween, toRetrospect } from "../ports/db/retrospects";

export const toReport = (r: ReportRow): Report => {
  const body = ReportBodySchema.safeParse(r.body);
  return {
    id: r.id,
    period: r.period,
    from: r.from,
    to: r.to,
    status: r.status,
    body: body.success ? body.data : null,
    createdAt: r.createdAt.toISOString(),
  };
};

async function profile(db: Db, userId: string) {
  const [user] = await db
    .select({ timezone: users.timezone, locale: users.locale })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  return { timezone: user?.timezone ?? "UTC", locale: user?.locale ?? "en" };
}

/**
 * Computes and stores the report of one user's period. One row per (user, period, start day):
 * generating again (the on-demand report of a running week, then the cron's final one) updates it.
 */
export async function generateReport(
  env: AppEnv,
  job: { userId: string; period: Period; from: string; to: string },
): Promise<Report> {
  const db = createDb(env);
  const { timezone, locale } = await profile(db, job.userId);
  const { start, end } = utcBounds(job.from, job.to, timezone);
  const entries = (await retrospectsBetween(db, job.userId, start, end)).map((r) => {
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
  const body = buildReport(entries, locale);
  const [row] = await db
    .insert(reports)
    .values({
      id: crypto.randomUUID(),
      userId: job.userId,
      period: job.period,
      from: job.from,
      to: job.to,
      status: "ready",
      body,
      createdAt: new Date(),
    })
    .onConflictDoUpdate({
      target: [reports.userId, reports.period, reports.from],
      set: { to: job.to, status: "ready", body, createdAt: new Date() },
    })
    .returning();
  return toReport(row!);
}

/** An on-demand report of the running period; reused when one was already made today. */
export async function reportNow(
  env: AppEnv,
  userId: string,
  period: Period,
  now = new Date(),
): Promise<{ report: Report; reused: boolean }> {
  const db = createDb(env);
  const { timezone } = await profile(db, userId);
  const today = localTime(now, timezone).date;
  const { from } = periodContaining(period, today);
  const [existing] = await db
    .select()
    .from(reports)
    .where(and(eq(reports.userId, userId), eq(reports.period, period), eq(reports.from, from)))
    .limit(1);
  if (existing && existing.to >= today) return { report: toReport(existing), reused: true };
  return { report: await generateReport(env, { userId, period, from, to: today }), reused: false };
}

const USERS_PER_PAGE = 500;

/**
 * The hourly cron: for every user whose local week (or month) ended in the past hour and who wrote
 * in it, queue a report. Users are paged by id so any number of them fits in one invocation.
 */
export async function queueDueReports(env: AppEnv, now: Date): Promise<{ queued: number }> {
  const db = createDb(env);
  const bus = createBus(env);
  let queued = 0;
  for (let after = ""; ;) {
    const page = await db
      .select({ id: users.id, timezone: users.timezone })
      .from(users)
      .where(gt(users.id, after))
      .orderBy(asc(users.id))
      .limit(USERS_PER_PAGE);
    const jobs = [];
    for (const user of page) {
      for (const period of ["week", "month"] as const) {
        const ended = periodJustEnded(period, now, user.timezone);
        if (!ended) continue;
        const { start, end } = utcBounds(ended.from, ended.to, user.timezone);
        if ((await retrospectsBetween(db, user.id, start, end)).length === 0) continue;
        jobs.push({ kind: "report.generate" as const, userId: user.id, period, ...ended });
      }
    }
    if (jobs.length) await bus.sendBatch(jobs);
    queued += jobs.length;
    if (page.length < USERS_PER_PAGE) return { queued };
    after = page[page.length - 1]!.id;
  }
}

export async function listReports(
  db: Db,
  userId: string,
  opts: { period?: Period; limit: number; after?: { at: number; id: string } },
) {
  const page = opts.after
    ? or(
        lt(reports.createdAt, new Date(opts.after.at)),
        and(eq(reports.createdAt, new Date(opts.after.at)), lt(reports.id, opts.after.id)),
      )
    : undefined;
  return db
    .select()
    .from(reports)
    .where(and(eq(reports.userId, userId), opts.period ? eq(reports.period, opts.period) : undefined, page))
    .orderBy(desc(reports.createdAt), desc(reports.id))
    .limit(opts.limit + 1);
}
