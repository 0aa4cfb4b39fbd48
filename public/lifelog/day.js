/**
 * The day view: GET /v1/timeline drawn on a vertical axis as long as the day really is (23 or 25 hours
 * when clocks change), one button per block, coloured by category and naming it in words.
 */
import { t, translate } from "../shared/i18n.js";
import { clearProblem, h, showProblem } from "../shared/ui.js";
import { CATEGORIES, PALETTE, categoryKey, sourceKey } from "./contract.js";
import { dayStart, formatClock, formatDay, locale } from "./time.js";

const $ = (id) => document.getElementById(id);
const HOUR_MS = 3_600_000;
// below this many minutes a block is too short for its second line; it stays in the accessible name
const ONE_LINE_BELOW_MIN = 45;

export function createDay({ call, onPick }) {
  const card = $("day-card");
  let timeline = null;
  let request = 0;

  $("legend").replaceChildren(
    ...CATEGORIES.map((category) =>
      h(
        "li",
        { "data-category": category },
        h("span", { class: "swatch", style: `--fill:${PALETTE[category].fill}`, "aria-hidden": "true" }),
        h("span", { i18n: categoryKey(category) }),
      ),
    ),
  );

  async function load(day, tz) {
    const mine = ++request;
    card.setAttribute("aria-busy", "true");
    $("day-loading").hidden = false;
    clearProblem($("day-problem"));
    try {
      const answer = await call(`/v1/timeline?day=${day}&tz=${encodeURIComponent(tz)}`, { fresh: true });
      if (mine !== request) return;
      timeline = answer;
      draw();
    } catch (error) {
      if (mine !== request) return;
      timeline = null;
      $("day-axis").replaceChildren();
      $("day-axis").hidden = true;
      $("day-empty").hidden = true;
      showProblem($("day-problem"), error);
    } finally {
      if (mine === request) {
        card.setAttribute("aria-busy", "false");
        $("day-loading").hidden = true;
      }
    }
  }

  function draw() {
    if (!timeline) return;
    const { day, tz, hours, entries } = timeline;
    const start = dayStart(day, tz);
    const summary = $("day-summary");
    summary.dataset.i18n = hours === 24 ? "lifelog.day.summary" : "lifelog.day.summaryDst";
    summary.dataset.i18nVars = JSON.stringify({ day: formatDay(day), tz, hours });
    translate(summary.parentElement);

    $("day-empty").hidden = entries.length > 0;
    const axis = $("day-axis");
    axis.hidden = entries.length === 0;
    axis.style.setProperty("--hours", String(hours));
    const ticks = Array.from({ length: hours }, (_, i) =>
      h(
        "div",
        { class: "tick", style: `top:${(i / hours) * 100}%`, "aria-hidden": "true" },
        formatClock(start + i * HOUR_MS, tz),
      ),
    );
    const blocks = h(
      "ol",
      { class: "blocks", "data-i18n-label": "lifelog.day.blocks" },
      entries.map((entry) => block(entry, start, hours, tz)),
    );
    axis.replaceChildren(...ticks, blocks);
    translate(axis);
  }

  function block(entry, start, hours, tz) {
    const from = Math.max(0, (Date.parse(entry.start) - start) / HOUR_MS);
    const to = Math.min(hours, (Date.parse(entry.end) - start) / HOUR_MS);
    const minutes = Math.max(0, (to - from) * 60);
    const { fill, ink } = PALETTE[entry.category] ?? PALETTE.other;
    const span = `${formatClock(Date.parse(entry.start), tz)}–${formatClock(Date.parse(entry.end), tz)}`;
    const confidence = new Intl.NumberFormat(locale(), { style: "percent" }).format(entry.confidence);
    const place = entry.geo?.place;
    const button = h(
      "button",
      {
        type: "button",
        class: `block${minutes < ONE_LINE_BELOW_MIN ? " short" : ""}`,
        style: `top:${(from / hours) * 100}%;height:${((to - from) / hours) * 100}%;--fill:${fill};--ink:${ink}`,
        "data-entry-id": entry.id,
        "data-category": entry.category,
        "data-classified-by": entry.classifiedBy,
        "aria-haspopup": "dialog",
        title: t("lifelog.block.title", {
          span,
          category: t(categoryKey(entry.category)),
          source: t(sourceKey(entry.source)),
          place: place ?? t("lifelog.block.noPlace"),
          confidence,
        }),
        onclick: () => onPick(entry, span),
      },
      h(
        "span",
        { class: "line" },
        h("span", { class: "span" }, span),
        " ",
        h("strong", { class: "category", i18n: categoryKey(entry.category) }),
        entry.classifiedBy === "baseline"
          ? null
          : h("span", { class: "by", i18n: `lifelog.block.by.${entry.classifiedBy}` }),
      ),
      h(
        "span",
        { class: "line meta" },
        h("span", { i18n: sourceKey(entry.source) }),
        place ? h("span", { class: "place" }, ` · ${place}`) : null,
        " · ",
        h("span", { i18n: "lifelog.block.confidence", vars: { confidence } }),
      ),
    );
    return h("li", {}, button);
  }

  return {
    load,
    /** Redraws in the page's language (times and percentages are formatted, not translated). */
    draw,
    /** Puts the corrected entry the API answered in place of the one it corrects. */
    replace(entry) {
      if (!timeline) return;
      timeline = { ...timeline, entries: timeline.entries.map((e) => (e.id === entry.id ? entry : e)) };
      draw();
      $("day-axis")
        .querySelector(`[data-entry-id="${CSS.escape(entry.id)}"]`)
        ?.focus();
    },
    reset() {
      request++;
      timeline = null;
      $("day-axis").replaceChildren();
      $("day-axis").hidden = true;
      $("day-empty").hidden = true;
      clearProblem($("day-problem"));
    },
  };
}
