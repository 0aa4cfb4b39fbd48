import { and, eq } from "drizzle-orm";
import { reports, type ReportRow } from "../../../schemas/db";
import { ReportBodySchema, type Period, type Report, type ReportBody } from "../../../schemas/retrospects";
import { createDb, type D1Env } from "./d1";
import { newestFirst, type Page, type PageRequest } from "./keyset";

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

type PeriodKey = { userId: string; period: Period; from: string };

/** One row per (user, period, start day): storing again (the cron's final report after an on-demand one) replaces it. */
export async function saveReport(env: D1Env, key: PeriodKey & { to: string; body: ReportBody }): Promise<ReportRow> {
  const now = new Date();
  const [row] = await createDb(env)
    .insert(reports)
    .values({ id: crypto.randomUUID(), ...key, status: "ready", createdAt: now })
    .onConflictDoUpdate({
      target: [reports.userId, reports.period, reports.from],
      set: { to: key.to, status: "ready", body: key.body, createdAt: now },
    })
    .returning();
  return row!;
}

export async function findReport(env: D1Env, key: PeriodKey): Promise<ReportRow | undefined> {
  const [row] = await createDb(env)
    .select()
    .from(reports)
    .where(and(eq(reports.userId, key.userId), eq(reports.period, key.period), eq(reports.from, key.from)))
    .limit(1);
  return row;
}

/** Newest first, keyset-paginated on (createdAt, id); `period` narrows to weekly or monthly reports. */
export function listReports(
  env: D1Env,
  userId: string,
  period: Period | undefined,
  page: PageRequest,
): Promise<Page<ReportRow>> {
  const where = and(eq(reports.userId, userId), period ? eq(reports.period, period) : undefined);
  return newestFirst(createDb(env), { table: reports, at: "createdAt", id: "id", where }, page);
}
