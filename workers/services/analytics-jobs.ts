import type { AnalyticsJobInput, AnalyticsReportResult } from "../../schemas/analytics-reports";
import { CATEGORIES, type Category } from "../../schemas/lifelog";
import { forecastCategory, mondayOf } from "../domain/forecast";
import { addDays } from "../domain/lifelog/days";
import { monthlyReport, type DayTotals } from "../domain/monthly-report";
import { reportDocument, reportHtml, type ReportModel } from "../domain/report-document";
import type { ReportDocument } from "../../schemas/analytics-reports";
import type { AppEnv } from "../env";
import { createDayAnalytics } from "../ports/analytics";
import { completeReport } from "../ports/db/analytics-reports";
import { reportObjectKeys, shareLink } from "./analytics-reports";

/**
 * The steps of an analytics-report job (the JobActor runs one per alarm and stores what each returns,
 * so a restart resumes at the next): gather the person's day totals through the analytics port (the
 * Postgres archive or D1, as growth reports read them), model them, render the document, store it in
 * R2 under the user's prefix and hand back a signed link.
 */

export type AnalyticsJobData = {
  days?: DayTotals[];
  model?: ReportModel;
  document?: ReportDocument;
};

export type AnalyticsStep = {
  stage: string;
  progress: number;
  run: (
    input: AnalyticsJobInput,
    data: AnalyticsJobData,
    env: AppEnv,
  ) => Promise<{ data: AnalyticsJobData; result?: AnalyticsReportResult }>;
};

/** The weeks the forecast reads; the window also covers the monthly report's 60 days. */
export const FORECAST_WEEKS = 12;

/** The category with the most minutes in the window; exercise (a usual goal) when nothing was logged. */
export function busiestCategory(days: readonly DayTotals[]): Category {
  const sums = CATEGORIES.map((c) => [c, days.reduce((s, d) => s + (d.minutes[c] ?? 0), 0)] as const);
  const [best] = [...sums].sort((a, b) => b[1] - a[1]);
  return best && best[1] > 0 ? best[0] : "exercise";
}

export const ANALYTICS_STEPS: AnalyticsStep[] = [
  {
    stage: "gathering your days",
    progress: 25,
    run: async (input, data, env) => {
      const since = addDays(mondayOf(input.today), -7 * FORECAST_WEEKS);
      const days = await createDayAnalytics(env).personDays(input.userId, { since, until: input.today });
      return { data: { ...data, days } };
    },
  },
  {
    stage: "modelling",
    progress: 50,
    run: async (input, data) => {
      const days = data.days ?? [];
      if (input.type === "monthly")
        return { data: { ...data, model: { type: "monthly", monthly: monthlyReport(days, input.today) } } };
      const category = input.category ?? busiestCategory(days);
      const series = days.map((d) => ({ day: d.day, minutes: d.minutes[category] ?? 0 }));
      const forecast = forecastCategory(series, input.today, FORECAST_WEEKS);
      return { data: { ...data, model: { type: "goal_forecast", category, forecast } } };
    },
  },
  {
    stage: "rendering",
    progress: 75,
    run: async (input, data) => {
      const document = reportDocument(input.reportId, input.locale, data.model!, new Date());
      // the gathered days are not needed any more: the stored job stays small
      return { data: { model: data.model, document } };
    },
  },
  {
    stage: "storing",
    progress: 95,
    run: async (input, data, env) => {
      const document = data.document!;
      const keys = reportObjectKeys(input.userId, input.reportId);
      await env.BLOBS.put(keys.json, JSON.stringify(document), {
        httpMetadata: { contentType: "application/json; charset=utf-8" },
      });
      await env.BLOBS.put(keys.html, reportHtml(document), {
        httpMetadata: { contentType: "text/html; charset=utf-8" },
      });
      const now = Date.now();
      await completeReport(env, { id: input.reportId, userId: input.userId }, keys.json, now);
      const link = await shareLink(env, input.reportId, now);
      return {
        data: { document },
        result: { reportId: input.reportId, type: input.type, ...link, summary: document.summary },
      };
    },
  },
];
