/**
 * A post's timeline snapshot (schemas/social.ts PostSnapshot) as a small day bar: categories and times
 * only. A snapshot never carries places, and the bar shows nothing else the snapshot does not hold.
 * Colours come from the life-log page's palette; every segment also names its category in words.
 */
import { CATEGORIES, PALETTE, categoryKey } from "../lifelog/contract.js";
import { currentLocale, formatNumber } from "../shared/i18n.js";
import { h } from "../shared/ui.js";

const MINUTE_MS = 60_000;

/** The figure for `snapshot`, or null when the post has none. */
export function snapshotFigure(snapshot) {
  if (!snapshot) return null;
  const segments = segmentsOf(snapshot);
  const total = segments.reduce((sum, s) => sum + s.minutes, 0);
  if (total <= 0) return null;
  return h(
    "figure",
    { class: "snapshot", "data-kind": snapshot.kind },
    h(
      "figcaption",
      { class: "muted" },
      h("span", { i18n: `social.snapshot.${snapshot.kind}`, vars: { day: snapshot.day } }),
    ),
    h(
      "div",
      { class: "day-bar", "aria-hidden": "true" },
      segments.map((s) =>
        h("span", {
          class: "segment",
          "data-category": s.category,
          style: `flex-grow:${s.minutes};--fill:${PALETTE[s.category]?.fill ?? "#ddd"}`,
        }),
      ),
    ),
    h(
      "ul",
      { class: "legend snapshot-legend" },
      summaryOf(segments).map(({ category, minutes, span }) =>
        h(
          "li",
          { "data-category": category },
          h("span", { class: "swatch", style: `--fill:${PALETTE[category]?.fill ?? "#ddd"}`, "aria-hidden": "true" }),
          h("span", { i18n: categoryKey(category) }),
          " ",
          span
            ? h("span", { class: "muted span", "data-start": span.start, "data-end": span.end }, spanText(span))
            : h("span", { class: "muted", i18n: "social.snapshot.hours", vars: { hours: hoursOf(minutes) } }),
        ),
      ),
    ),
  );
}

/** In time order for blocks; in the API's category order for a day's totals. Gaps stay as blank segments. */
function segmentsOf(snapshot) {
  if (snapshot.kind === "day_stats")
    return CATEGORIES.filter((c) => (snapshot.minutes[c] ?? 0) > 0).map((c) => ({
      category: c,
      minutes: snapshot.minutes[c],
    }));
  const blocks = snapshot.kind === "entry" ? [snapshot.entry] : [...snapshot.blocks];
  blocks.sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  const out = [];
  let last = null;
  for (const block of blocks) {
    const start = Date.parse(block.start);
    const end = Date.parse(block.end);
    if (!(end > start)) continue;
    if (last !== null && start > last) out.push({ category: "gap", minutes: (start - last) / MINUTE_MS });
    out.push({ category: block.category, minutes: (end - Math.max(start, last ?? start)) / MINUTE_MS, block });
    last = Math.max(last ?? end, end);
  }
  return out.filter((s) => s.minutes > 0);
}

/** One legend line per category: its hours, or the block's own times when the snapshot is one block. */
function summaryOf(segments) {
  const real = segments.filter((s) => s.category !== "gap");
  if (real.length === 1 && real[0].block)
    return [{ category: real[0].category, minutes: real[0].minutes, span: real[0].block }];
  const minutes = new Map();
  for (const s of real) minutes.set(s.category, (minutes.get(s.category) ?? 0) + s.minutes);
  return CATEGORIES.filter((c) => minutes.has(c)).map((c) => ({ category: c, minutes: minutes.get(c) }));
}

const hoursOf = (minutes) => formatNumber(minutes / 60, 1);

function spanText({ start, end }) {
  const format = (iso) => new Date(iso).toLocaleTimeString(currentLocale(), { hour: "numeric", minute: "2-digit" });
  return `${format(start)} – ${format(end)}`;
}

/** Re-formats the block times under `root` in the chosen language (translate() reaches only data-i18n). */
export function retimeSnapshots(root = document) {
  for (const el of root.querySelectorAll(".snapshot .span[data-start]"))
    el.textContent = spanText({ start: el.dataset.start, end: el.dataset.end });
}
