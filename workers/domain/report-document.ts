import type { AnalyticsReportType, ReportDocument } from "../../schemas/analytics-reports";
import type { Category } from "../../schemas/lifelog";
import type { Forecast } from "./forecast";
import type { MonthlyReport } from "./monthly-report";

/**
 * A report's document in the owner's language: the JSON (title, summary, the model's data) and a
 * self-contained HTML page rendering it (inline styles, no scripts, no outside resources). Every text
 * that came from data is escaped. Pure.
 */

export type Locale = "en" | "ko";

const CATEGORY_NAMES: Record<Locale, Record<Category, string>> = {
  en: {
    work: "Work",
    study: "Study",
    exercise: "Exercise",
    commute: "Commute",
    social: "Social",
    rest: "Rest",
    sleep: "Sleep",
    leisure: "Leisure",
    chores: "Chores",
    other: "Other",
  },
  ko: {
    work: "업무",
    study: "공부",
    exercise: "운동",
    commute: "이동",
    social: "사교",
    rest: "휴식",
    sleep: "수면",
    leisure: "여가",
    chores: "집안일",
    other: "기타",
  },
};

const WEEKDAYS: Record<Locale, string[]> = {
  en: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
  ko: ["월", "화", "수", "목", "금", "토", "일"],
};

const CONFIDENCE: Record<Locale, Record<Forecast["confidence"], string>> = {
  en: { high: "high", medium: "medium", low: "low" },
  ko: { high: "높음", medium: "보통", low: "낮음" },
};

export const categoryName = (locale: Locale, c: Category) => CATEGORY_NAMES[locale][c];

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]!,
  );
}

const hours = (minutes: number) => Math.round((minutes / 60) * 10) / 10;
const signed = (n: number) => (n > 0 ? `+${n}` : `${n}`);

function monthlyText(locale: Locale, r: MonthlyReport): { title: string; summary: string } {
  const top = r.topChanges[0];
  if (locale === "ko") {
    const change = top
      ? ` 가장 크게 달라진 분류는 ${categoryName("ko", top.category)}(${signed(hours(top.change))}시간)예요.`
      : " 이전 30일과 비교할 변화가 없어요.";
    return {
      title: `월간 리포트 ${r.current.from} – ${r.current.to}`,
      summary: `최근 30일 중 ${r.current.daysLogged}일을 기록했어요(이전 30일: ${r.previous.daysLogged}일). 최장 연속 기록은 ${r.streaks.longest}일이에요.${change}`,
    };
  }
  const change = top
    ? ` The biggest change is ${categoryName("en", top.category)} (${signed(hours(top.change))} h).`
    : " Nothing changed against the 30 days before.";
  return {
    title: `Monthly report ${r.current.from} – ${r.current.to}`,
    summary: `You logged ${r.current.daysLogged} of the last 30 days (the 30 before: ${r.previous.daysLogged}); your longest streak was ${r.streaks.longest} days.${change}`,
  };
}

function forecastText(locale: Locale, category: Category, f: Forecast): { title: string; summary: string } {
  const name = categoryName(locale, category);
  const next = f.projection[0]!;
  if (locale === "ko") {
    const trend = f.trend.perWeek === 0 ? "추세는 평탄해요" : `추세는 주당 ${signed(f.trend.perWeek)}분이에요`;
    return {
      title: `목표 예측: ${name}`,
      summary: `이번 주 ${name} 예상: ${Math.round(next.minutes)}분(95% 범위 ${Math.round(next.low)}–${Math.round(next.high)}분). ${trend}. 신뢰도 ${CONFIDENCE.ko[f.confidence]}: ${f.reasons.ko}`,
    };
  }
  const trend = f.trend.perWeek === 0 ? "the trend is flat" : `the trend is ${signed(f.trend.perWeek)} min a week`;
  return {
    title: `Goal forecast: ${name}`,
    summary: `This week's ${name.toLowerCase()} is projected at ${Math.round(next.minutes)} min (95% band ${Math.round(next.low)}–${Math.round(next.high)} min); ${trend}. Confidence ${CONFIDENCE.en[f.confidence]}: ${f.reasons.en}`,
  };
}

export type ReportModel =
  { type: "monthly"; monthly: MonthlyReport } | { type: "goal_forecast"; category: Category; forecast: Forecast };

export function reportDocument(id: string, locale: Locale, model: ReportModel, createdAt: Date): ReportDocument {
  const text =
    model.type === "monthly"
      ? monthlyText(locale, model.monthly)
      : forecastText(locale, model.category, model.forecast);
  const data = model.type === "monthly" ? { ...model.monthly } : { category: model.category, ...model.forecast };
  return {
    format: "edge-coach-report/1",
    id,
    type: model.type as AnalyticsReportType,
    locale,
    createdAt: createdAt.toISOString(),
    ...text,
    data,
  };
}

const LABELS = {
  en: {
    category: "Category",
    last: "Last 30 days (h)",
    before: "30 days before (h)",
    change: "Change (h)",
    week: "Week of",
    projected: "Projected (min)",
    band: "95% band (min)",
    profile: "Weekday profile",
    history: "Weeks read (min)",
    why: "How sure",
    model:
      "Model: a least-squares line through weekly totals, spread over the week by your usual weekday shares; the band is ±1.96 residual standard deviations.",
  },
  ko: {
    category: "분류",
    last: "최근 30일(시간)",
    before: "이전 30일(시간)",
    change: "변화(시간)",
    week: "주 시작일",
    projected: "예상(분)",
    band: "95% 범위(분)",
    profile: "요일별 비중",
    history: "읽은 주(분)",
    why: "신뢰도",
    model:
      "모델: 주별 합계에 최소제곱 직선을 맞추고, 평소 요일별 비중으로 한 주에 나눴어요. 범위는 잔차 표준편차의 ±1.96배예요.",
  },
};

const row = (cells: (string | number)[], head = false) =>
  `<tr>${cells.map((c, i) => (head || i === 0 ? `<th scope="${head ? "col" : "row"}">` : "<td>") + escapeHtml(String(c)) + (head || i === 0 ? "</th>" : "</td>")).join("")}</tr>`;

function body(doc: ReportDocument, locale: Locale): string {
  const l = LABELS[locale];
  if (doc.type === "monthly") {
    const r = doc.data as unknown as MonthlyReport;
    return `<table><thead>${row([l.category, l.last, l.before, l.change], true)}</thead><tbody>${r.changes
      .map((c) => row([categoryName(locale, c.category), hours(c.current), hours(c.previous), signed(hours(c.change))]))
      .join("")}</tbody></table>`;
  }
  const f = doc.data as unknown as Forecast & { category: Category };
  const weeks = `<table><thead>${row([l.week, l.projected, l.band], true)}</thead><tbody>${f.projection
    .map((p) => row([p.weekStart, Math.round(p.minutes), `${Math.round(p.low)}–${Math.round(p.high)}`]))
    .join("")}</tbody></table>`;
  const profile = `<h2>${escapeHtml(l.profile)}</h2><table><thead>${row(WEEKDAYS[locale], true)}</thead><tbody><tr>${f.weekdayShare
    .map((s) => `<td>${Math.round(s * 100)}%</td>`)
    .join("")}</tr></tbody></table>`;
  const history = `<h2>${escapeHtml(l.history)}</h2><p>${escapeHtml(f.history.map((w) => `${w.weekStart}: ${Math.round(w.minutes)}`).join(" · ") || "–")}</p>`;
  const why = `<h2>${escapeHtml(l.why)}</h2><p>${escapeHtml(locale === "ko" ? f.reasons.ko : f.reasons.en)}</p><p class="muted">${escapeHtml(l.model)}</p>`;
  return weeks + profile + history + why;
}

const STYLE =
  "body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1d2330}" +
  "table{border-collapse:collapse;margin:1rem 0;width:100%}th,td{border-bottom:1px solid #dde;padding:.3rem .5rem;text-align:left}" +
  ".muted{color:#5a6275;font-size:.9rem}";

/** The self-contained page: `lang` per locale, a restrictive CSP meta, escaped text, no scripts. */
export function reportHtml(doc: ReportDocument): string {
  const locale = doc.locale;
  return (
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(doc.title)}</title>` +
    `<style>${STYLE}</style></head><body><h1>${escapeHtml(doc.title)}</h1><p>${escapeHtml(doc.summary)}</p>` +
    `${body(doc, locale)}<p class="muted">Edge Coach · ${escapeHtml(doc.createdAt)}</p></body></html>`
  );
}
