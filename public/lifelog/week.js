/**
 * The week heat-map: GET /v1/timeline/week as a table of categories × seven days. A cell's shade grows
 * with its minutes against the busiest cell of the week; its text gives the hours, so the numbers are
 * there for screen readers and for anyone who cannot tell shades apart.
 */
import { t, translate } from "../shared/i18n.js";
import { clearProblem, h, showProblem } from "../shared/ui.js";
import { CATEGORIES, PALETTE, categoryKey } from "./contract.js";
import { formatDay, formatNumber } from "./time.js";

const $ = (id) => document.getElementById(id);
const DAYS_IN_WEEK = 7;

export function createWeek({ call, onPickDay, onLoaded }) {
  const card = $("week-card");
  let week = null;
  let selected = null;
  let request = 0;

  async function load(start, tz, day) {
    selected = day;
    if (week?.start === start && week.tz === tz) return draw();
    const mine = ++request;
    card.setAttribute("aria-busy", "true");
    $("week-loading").hidden = false;
    clearProblem($("week-problem"));
    try {
      const answer = await call(`/v1/timeline/week?start=${start}&tz=${encodeURIComponent(tz)}`, { fresh: true });
      if (mine !== request) return;
      week = answer;
      draw();
      onLoaded();
    } catch (error) {
      if (mine !== request) return;
      week = null;
      $("week-grid").replaceChildren();
      $("week-empty").hidden = true;
      $("week-hidden").hidden = true;
      showProblem($("week-problem"), error);
    } finally {
      if (mine === request) {
        card.setAttribute("aria-busy", "false");
        $("week-loading").hidden = true;
      }
    }
  }

  function draw() {
    if (!week) return;
    const days = week.days.slice(0, DAYS_IN_WEEK);
    const max = Math.max(1, ...days.flatMap((d) => CATEGORIES.map((c) => d.minutes[c] ?? 0)));
    const total = days.reduce((sum, d) => sum + CATEGORIES.reduce((s, c) => s + (d.minutes[c] ?? 0), 0), 0);
    $("week-empty").hidden = total > 0;
    // Free hides days older than 30 (zero minutes, `hidden: true`): say so, kindly, instead of "nothing logged"
    $("week-hidden").hidden = !days.some((d) => d.hidden);
    const head = h(
      "tr",
      {},
      h(
        "th",
        { scope: "col", class: "corner" },
        h("span", { class: "visually-hidden", i18n: "lifelog.week.category" }),
      ),
      days.map(({ day }) =>
        h(
          "th",
          { scope: "col", "aria-current": day === selected ? "date" : null },
          h("button", { type: "button", class: "day-link", onclick: () => onPickDay(day) }, formatDay(day, "short")),
        ),
      ),
    );
    const rows = CATEGORIES.map((category) =>
      h(
        "tr",
        { "data-category": category },
        h(
          "th",
          { scope: "row" },
          h("span", { class: "swatch", style: `--fill:${PALETTE[category].fill}`, "aria-hidden": "true" }),
          h("span", { i18n: categoryKey(category) }),
        ),
        days.map(({ day, minutes }) => cell(category, day, minutes[category] ?? 0, max)),
      ),
    );
    $("week-grid").replaceChildren(
      h("caption", { class: "visually-hidden", i18n: "lifelog.week.caption", vars: { from: days[0]?.day ?? "" } }),
      h("thead", {}, head),
      h("tbody", {}, rows),
    );
    translate($("week-grid"));
  }

  function cell(category, day, minutes, max) {
    const hours = formatNumber(minutes / 60);
    const level = minutes / max;
    const text = minutes > 0 ? t("lifelog.week.hours", { hours }) : "–";
    return h(
      "td",
      {
        "data-minutes": String(Math.round(minutes)),
        "data-level": level > 0.55 ? "high" : null,
        style: `--level:${Math.round(level * 100)}%`,
        title: t("lifelog.week.cellTitle", { category: t(categoryKey(category)), day: formatDay(day), hours }),
      },
      text,
    );
  }

  return {
    load,
    draw,
    /** Forgets the loaded week so the next load asks again (after a correction or a sample day). */
    invalidate() {
      week = null;
    },
    /** The user's own average minutes per category per day over the loaded week, or null. */
    average() {
      if (!week) return null;
      const days = week.days.slice(0, DAYS_IN_WEEK);
      const perDay = Object.fromEntries(
        CATEGORIES.map((c) => [c, days.reduce((s, d) => s + (d.minutes[c] ?? 0), 0) / DAYS_IN_WEEK]),
      );
      const exerciseDays = days.filter((d) => (d.minutes.exercise ?? 0) > 0).length;
      return { minutesPerDay: perDay, exerciseDayShare: exerciseDays / DAYS_IN_WEEK, start: week.start };
    },
    reset() {
      request++;
      week = null;
      $("week-grid").replaceChildren();
      $("week-empty").hidden = true;
      $("week-hidden").hidden = true;
      clearProblem($("week-problem"));
    },
  };
}
