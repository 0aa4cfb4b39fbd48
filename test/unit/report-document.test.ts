import { describe, expect, it } from "vitest";
import { forecastCategory } from "../../workers/domain/forecast";
import { monthlyReport } from "../../workers/domain/monthly-report";
import { escapeHtml, reportDocument, reportHtml } from "../../workers/domain/report-document";

const TODAY = "2026-12-05";
const at = new Date("2026-12-05T10:00:00Z");

describe("the report document", () => {
  it("renders a forecast as a self-contained page in the owner's language, with no scripts", () => {
    const forecast = forecastCategory([{ day: "2026-11-24", minutes: 40 }], TODAY);
    for (const locale of ["en", "ko"] as const) {
      const doc = reportDocument("r1", locale, { type: "goal_forecast", category: "exercise", forecast }, at);
      const html = reportHtml(doc);
      expect(html.startsWith(`<!doctype html><html lang="${locale}">`)).toBe(true);
      expect(html).toContain(locale === "en" ? "Goal forecast: Exercise" : "목표 예측: 운동");
      expect(html).not.toMatch(/<script|\bon\w+=|src=|href=/i);
      expect(html).toContain("default-src 'none'");
      expect(doc.summary).toMatch(locale === "en" ? /Confidence low/ : /신뢰도 낮음/);
    }
  });

  it("summarises a month with its biggest change", () => {
    const monthly = monthlyReport([{ day: TODAY, minutes: { ...zero(), study: 120 } }], TODAY);
    const doc = reportDocument("r2", "en", { type: "monthly", monthly }, at);
    expect(doc.summary).toMatch(/logged 1 of the last 30 days.*Study \(\+2 h\)/);
    expect(reportHtml(doc)).toContain('<th scope="row">Study</th>');
  });

  it("escapes every character HTML gives a meaning", () => {
    expect(escapeHtml(`<img src=x onerror="a('b')">&`)).toBe(
      "&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;",
    );
    const monthly = monthlyReport([], TODAY);
    const doc = { ...reportDocument("r3", "en", { type: "monthly", monthly }, at), title: "<script>x</script>" };
    expect(reportHtml(doc)).not.toContain("<script>");
  });
});

function zero() {
  return { work: 0, study: 0, exercise: 0, commute: 0, social: 0, rest: 0, sleep: 0, leisure: 0, chores: 0, other: 0 };
}

// the page is plain JavaScript with no build step (and no types)
const PAGE_INSIGHTS: string = "../../public/lifelog/insights.js";
const page = (await import(PAGE_INSIGHTS)) as {
  parseLimit: (header: string | null) => { name: string; used: number; limit: number; resets: string | null } | null;
};

describe("the life-log page's reading of X-Edge-Coach-Limit", () => {
  it("reads the limit's name, use, size and reset", () => {
    expect(page.parseLimit("label_comparisons; used=4; limit=5; resets=2026-12-06T00:00:00.000Z")).toEqual({
      name: "label_comparisons",
      used: 4,
      limit: 5,
      resets: "2026-12-06T00:00:00.000Z",
    });
  });

  it("shows no hint for no header or a malformed one", () => {
    expect(page.parseLimit(null)).toBeNull();
    expect(page.parseLimit("label_comparisons; used=four")).toBeNull();
  });
});
