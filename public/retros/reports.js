/** Growth reports by week or month: the list, and "make this period's report now". */
import { translate } from "../shared/i18n.js";
import { MOODS, formatDayRange, formatInstant, formatNumber } from "./format.js";
import { clearProblem, h, showProblem } from "../shared/ui.js";

const $ = (id) => document.getElementById(id);
const PAGE = 5;
const ARROWS = { up: "↗", down: "↘", flat: "→", unknown: "·" };

export function createReports({ call, timeZone }) {
  let period = "week";
  let reports = [];
  let cursor = null;
  let loaded = false;
  let highlight = null;

  for (const button of document.querySelectorAll("[data-period]")) {
    button.addEventListener("click", () => {
      period = button.dataset.period;
      for (const b of document.querySelectorAll("[data-period]")) b.setAttribute("aria-pressed", String(b === button));
      setStatus(null);
      load();
    });
  }
  $("reports-more").addEventListener("click", () => page(cursor));
  $("report-now").addEventListener("click", makeNow);

  function load() {
    reports = [];
    cursor = null;
    return page(null);
  }

  async function page(after) {
    $("reports-card").setAttribute("aria-busy", "true");
    try {
      const query = new URLSearchParams({ period, limit: String(PAGE) });
      if (after) query.set("cursor", after);
      // fresh: the API marks this list cacheable for 30 s, which would hide a report made just now
      const { data } = await call(`/v1/reports?${query}`, { fresh: true });
      reports = [...reports, ...data.items.filter((r) => r.period === period)];
      cursor = data.nextCursor;
      loaded = true;
      clearProblem($("reports-problem"));
    } catch (error) {
      showProblem($("reports-problem"), error);
    } finally {
      $("reports-card").setAttribute("aria-busy", "false");
      render();
    }
  }

  async function makeNow() {
    const button = $("report-now");
    button.disabled = true;
    setStatus("retros.reports.making");
    try {
      const { data } = await call("/v1/reports", { method: "POST", body: { period } });
      highlight = data.id;
      await load();
      setStatus(data.reused ? "retros.reports.reused" : "retros.reports.made");
      document.getElementById(`report-${data.id}`)?.scrollIntoView({ block: "nearest" });
    } catch (error) {
      setStatus(null);
      showProblem($("reports-problem"), error);
    } finally {
      button.disabled = false;
    }
  }

  function render() {
    $("report-now").dataset.i18n = `retros.reports.now.${period}`;
    $("reports").replaceChildren(...reports.map(report));
    $("reports-empty").hidden = !loaded || reports.length > 0;
    $("reports-empty").dataset.i18n = `retros.reports.empty.${period}`;
    $("reports-more").hidden = !cursor;
    translate($("reports-card"));
  }

  function report(r) {
    return h(
      "li",
      {
        class: "report",
        id: `report-${r.id}`,
        "data-status": r.status,
        "data-new": r.id === highlight ? "true" : null,
      },
      h(
        "header",
        { class: "report-head" },
        h("h3", {}, h("span", { i18n: `retros.reports.of.${r.period}` }), " ", formatDayRange(r.from, r.to)),
        h("span", { class: `badge status status-${r.status}`, i18n: `retros.status.${r.status}` }),
        h(
          "p",
          { class: "hint" },
          h("span", { i18n: "retros.reports.madeAt" }),
          " ",
          h("time", { datetime: r.createdAt }, formatInstant(r.createdAt, timeZone())),
        ),
      ),
      r.body ? body(r.body) : h("p", { class: "muted", i18n: `retros.reports.body.${r.status}` }),
    );
  }

  function body(b) {
    const mood = b.moodTrend;
    return h(
      "div",
      { class: "report-body" },
      h(
        "dl",
        { class: "report-facts" },
        h("div", {}, h("dt", { i18n: "retros.reports.entries" }), h("dd", {}, formatNumber(b.entries, 0))),
        h(
          "div",
          {},
          h("dt", { i18n: "retros.reports.mood" }),
          h(
            "dd",
            {},
            mood.average === null ? "–" : `${MOODS[Math.round(mood.average)] ?? ""} ${formatNumber(mood.average)}`,
            h("span", { class: `trend trend-${mood.direction}`, "aria-hidden": "true" }, ` ${ARROWS[mood.direction]}`),
            h("span", { class: "hint", i18n: `retros.reports.direction.${mood.direction}` }),
            mood.first !== null && mood.last !== null
              ? h("span", { class: "hint" }, ` (${formatNumber(mood.first)} → ${formatNumber(mood.last)})`)
              : null,
          ),
        ),
      ),
      b.activity ? activity(b.activity) : null,
      themes("retros.reports.strengths", b.recurringStrengths, "strength"),
      themes("retros.reports.weaknesses", b.recurringWeaknesses, "weakness"),
      h("h4", { i18n: "retros.reports.recommendations" }),
      b.recommendations.length
        ? h(
            "ul",
            { class: "followed-list" },
            b.recommendations.map((rec) =>
              h(
                "li",
                { "data-followed": String(rec.followed) },
                h("span", {
                  class: `badge ${rec.followed ? "followed" : "not-followed"}`,
                  i18n: rec.followed ? "retros.reports.followed" : "retros.reports.notFollowed",
                }),
                " ",
                rec.text,
              ),
            ),
          )
        : h("p", { class: "muted", i18n: "retros.reports.none" }),
      h("div", { class: "next-focus" }, h("h4", { i18n: "retros.reports.nextFocus" }), h("p", {}, b.nextFocus)),
    );
  }

  /** The period in the life-log: days logged, days with exercise, and hours a logged day per category. */
  function activity(a) {
    const categories = Object.entries(a.minutesPerDay).sort((x, y) => y[1] - x[1]);
    return h(
      "div",
      { class: "report-activity" },
      h("h4", { i18n: "retros.reports.activity" }),
      h("p", { class: "hint", i18n: "retros.reports.activityDays", vars: { days: a.days, exercise: a.exerciseDays } }),
      h(
        "ul",
        { class: "chips" },
        categories.map(([category, minutes]) =>
          h(
            "li",
            { class: "theme", "data-category": category },
            h("span", { i18n: `lifelog.category.${category}` }),
            " ",
            h("span", { class: "count", i18n: "retros.reports.perDay", vars: { hours: formatNumber(minutes / 60) } }),
          ),
        ),
      ),
    );
  }

  function themes(titleKey, list, kind) {
    return h(
      "div",
      { class: "report-themes" },
      h("h4", { i18n: titleKey }),
      list.length
        ? h(
            "ul",
            { class: `chips ${kind}` },
            list.map((x) => h("li", { class: "theme" }, x.theme, h("span", { class: "count" }, `×${x.count}`))),
          )
        : h("p", { class: "muted", i18n: "retros.reports.none" }),
    );
  }

  function setStatus(key) {
    const status = $("report-status");
    if (key) status.dataset.i18n = key;
    else delete status.dataset.i18n;
    status.textContent = "";
    translate(status.parentElement);
  }

  return {
    load,
    render,
    reset() {
      reports = [];
      cursor = null;
      loaded = false;
      highlight = null;
      setStatus(null);
      render();
    },
  };
}
