/**
 * The last 12 weeks: entries (bars) and mood average (line, 1–5) per week, drawn with uPlot, plus
 * the top themes. uPlot is an npm dependency copied to /vendor/ by scripts/vendor-assets.mjs.
 */
import { t, translate } from "../shared/i18n.js";
import { addDays, formatDay, formatNumber, todayIn } from "./format.js";
import { clearProblem, h, showProblem } from "../shared/ui.js";

const $ = (id) => document.getElementById(id);
const WEEKS = 12;
const DAY = 86_400;
const HEIGHT = 240;
const LABEL_WIDTH = 56; // px a week's date label needs ("10. 26." in Korean)

export function createTrends({ call, timeZone }) {
  const box = $("trend-chart");
  let stats = null;
  let plot = null;
  let timer = 0;

  new ResizeObserver(() => plot?.setSize({ width: box.clientWidth, height: HEIGHT })).observe(box);
  matchMedia("(prefers-color-scheme: dark)").addEventListener("change", draw);

  async function refresh() {
    const to = todayIn(timeZone());
    // from a Monday, as the API buckets weeks from Monday: exactly 12 buckets, the last one running
    const weekday = (new Date(`${to}T00:00:00Z`).getUTCDay() + 6) % 7;
    const from = addDays(to, -weekday - (WEEKS - 1) * 7);
    $("trends-card").setAttribute("aria-busy", "true");
    try {
      const { data } = await call(`/v1/retrospects/stats?from=${from}&to=${to}`, { fresh: true });
      stats = data;
      clearProblem($("trends-problem"));
      draw();
    } catch (error) {
      showProblem($("trends-problem"), error);
    } finally {
      $("trends-card").setAttribute("aria-busy", "false");
    }
  }

  function draw() {
    if (!stats) return;
    $("trends-total").dataset.i18nVars = JSON.stringify({ count: stats.total });
    $("themes").replaceChildren(
      ...stats.themes.map((theme) =>
        h("li", { class: "theme" }, theme.theme, h("span", { class: "count" }, formatNumber(theme.count, 0))),
      ),
    );
    $("themes-empty").hidden = stats.themes.length > 0;
    table();
    translate($("trends-card"));
    const uPlot = window.uPlot;
    if (!uPlot) {
      $("chart-missing").hidden = false;
      return;
    }
    plot?.destroy();
    const weeks = stats.weeks.map((w) => Date.parse(`${w.week}T00:00:00Z`) / 1000);
    const data = [weeks, stats.weeks.map((w) => w.entries), stats.weeks.map((w) => w.moodAverage)];
    plot = new uPlot(options(uPlot, weeks), data, box);
  }

  function options(uPlot, weeks) {
    const css = getComputedStyle(document.documentElement);
    const color = (name) => css.getPropertyValue(name).trim();
    const [accent, warn, muted, grid] = [color("--accent"), color("--warn"), color("--muted"), color("--border")];
    const translucent = /^#[0-9a-f]{6}$/i.test(accent) ? `${accent}66` : accent;
    const day = (seconds) => new Date(seconds * 1000).toISOString().slice(0, 10);
    const most = Math.max(0, ...stats.weeks.map((w) => w.entries));
    return {
      width: box.clientWidth,
      height: HEIGHT,
      // the weeks are calendar days, not instants: keep uPlot from shifting them into local time
      tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), "UTC"),
      cursor: { drag: { x: false, y: false } },
      // a live legend shows "–" for every series until hovered; the table carries the numbers
      legend: { live: false },
      scales: {
        x: { time: true, range: (u, min, max) => [min - 3.5 * DAY, max + 3.5 * DAY] },
        entries: { range: () => [0, Math.max(4, most + 1)] },
        mood: { range: () => [0.5, 5.5] },
      },
      series: [
        { label: t("retros.trends.week"), value: (u, v) => (v === null ? "–" : formatDay(day(v))) },
        {
          label: t("retros.trends.entries"),
          scale: "entries",
          stroke: accent,
          fill: translucent,
          width: 1,
          paths: uPlot.paths.bars({ size: [0.6, 36] }),
          points: { show: false },
          value: (u, v) => (v === null ? "–" : formatNumber(v, 0)),
        },
        {
          label: t("retros.trends.mood"),
          scale: "mood",
          stroke: warn,
          width: 2,
          spanGaps: true,
          points: { show: true, size: 7, fill: warn },
          value: (u, v) => (v === null ? "–" : formatNumber(v)),
        },
      ],
      axes: [
        {
          stroke: muted,
          grid: { stroke: grid, width: 1 },
          ticks: { stroke: grid },
          // on the weeks themselves: uPlot's own time splits count from the epoch, a Thursday
          splits: (u) => {
            const step = Math.ceil(LABEL_WIDTH / (u.width / weeks.length));
            return weeks.filter((w, i) => (weeks.length - 1 - i) % step === 0);
          },
          values: (u, splits) => splits.map((s) => formatDay(day(s), "short")),
        },
        {
          scale: "entries",
          stroke: muted,
          grid: { stroke: grid, width: 1 },
          ticks: { show: false },
          incrs: [1, 2, 5, 10, 20, 50, 100],
          values: (u, splits) => splits.map((s) => formatNumber(s, 0)),
        },
        {
          scale: "mood",
          side: 1,
          stroke: warn,
          grid: { show: false },
          ticks: { show: false },
          incrs: [1],
          values: (u, splits) => splits.map((s) => formatNumber(s, 0)),
        },
      ],
    };
  }

  /** The chart's numbers for screen readers, which cannot read a canvas. */
  function table() {
    $("trend-table-body").replaceChildren(
      ...stats.weeks.map((w) =>
        h(
          "tr",
          {},
          h("th", { scope: "row" }, formatDay(w.week)),
          h("td", {}, formatNumber(w.entries, 0)),
          h("td", {}, formatNumber(w.moodAverage)),
        ),
      ),
    );
  }

  return {
    refresh,
    /** Several pushes in a row (a reconnect's replay) make one request. */
    refreshSoon() {
      clearTimeout(timer);
      timer = setTimeout(refresh, 400);
    },
    draw,
    reset() {
      clearTimeout(timer);
      plot?.destroy();
      plot = null;
      stats = null;
    },
  };
}
