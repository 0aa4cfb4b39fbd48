/**
 * A grouped horizontal bar chart in inline SVG: per category, the cohort's bar above the user's. The two
 * series differ in fill and outline, not in colour alone, and every bar carries its value as text.
 */
import { t } from "../shared/i18n.js";
import { CATEGORIES, PALETTE, categoryKey } from "./contract.js";
import { formatNumber } from "./time.js";

const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 640;
const LABEL_WIDTH = 130;
const VALUE_WIDTH = 80;
const BAR = 11;
const ROW = BAR * 2 + 12;
const TOP = 8;

function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) if (value !== null) el.setAttribute(name, String(value));
  el.append(...children.filter(Boolean));
  return el;
}

/** "2.5 h" of a number of minutes, in the page's language. */
export const hoursText = (minutes) => t("lifelog.week.hours", { hours: formatNumber(minutes / 60) });

/**
 * `cohort` and `mine` are minutes per category per day (`mine` may be null: the user's week is not loaded).
 * `titleId`/`descId` name the elements that label the chart.
 */
export function barChart({ cohort, mine, titleId, descId }) {
  const max = Math.max(60, ...CATEGORIES.map((c) => Math.max(cohort[c] ?? 0, mine?.[c] ?? 0)));
  const scale = (WIDTH - LABEL_WIDTH - VALUE_WIDTH) / max;
  const height = TOP * 2 + CATEGORIES.length * ROW;
  const rows = CATEGORIES.map((category, i) => {
    const y = TOP + i * ROW;
    const { fill } = PALETTE[category];
    const bar = (minutes, offset, series) =>
      svg(
        "g",
        { class: `bar ${series}`, "data-category": category, "data-minutes": Math.round(minutes) },
        svg("rect", {
          x: LABEL_WIDTH,
          y: y + offset,
          width: Math.max(1, minutes * scale),
          height: BAR,
          rx: 2,
          fill: series === "cohort" ? fill : "none",
          stroke: fill,
          "stroke-width": series === "cohort" ? 0 : 2,
          "stroke-dasharray": series === "cohort" ? null : "4 2",
        }),
        svg(
          "text",
          { x: LABEL_WIDTH + Math.max(1, minutes * scale) + 6, y: y + offset + BAR - 2, class: "value" },
          hoursText(minutes),
        ),
      );
    return svg(
      "g",
      {},
      svg(
        "text",
        { x: LABEL_WIDTH - 8, y: y + BAR + 4, "text-anchor": "end", class: "label" },
        t(categoryKey(category)),
      ),
      bar(cohort[category] ?? 0, 0, "cohort"),
      mine ? bar(mine[category] ?? 0, BAR + 2, "mine") : null,
    );
  });
  return svg(
    "svg",
    {
      viewBox: `0 0 ${WIDTH} ${height}`,
      role: "img",
      "aria-labelledby": titleId,
      "aria-describedby": descId,
      class: "bars",
      preserveAspectRatio: "xMinYMin meet",
    },
    svg("line", { x1: LABEL_WIDTH, x2: LABEL_WIDTH, y1: 0, y2: height, class: "axis" }),
    ...rows,
  );
}
