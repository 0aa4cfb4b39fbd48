/** The recommendation list: fetched after every accepted event, with moves since the list before. */
import { t, translate } from "../shared/i18n.js";
import { categoryLabel, categoryText, formatPrice, josaWa } from "./format.js";
import { clearProblem, h, showProblem } from "../shared/ui.js";

const $ = (id) => document.getElementById(id);
const LIMIT = 10;

/** For each item of `next`: "new", ["up", n], ["down", n] or null, against the ranks of `prev`. */
export function movesBetween(prev, next) {
  const ranks = new Map(prev.map((r, i) => [r.itemId, i]));
  return next.map((r, i) => {
    if (!ranks.has(r.itemId)) return "new";
    const before = ranks.get(r.itemId);
    if (before > i) return ["up", before - i];
    if (before < i) return ["down", i - before];
    return null;
  });
}

/**
 * Each recommendation shows its title, category, price and a short reason in the page's language (from
 * its reasonCode); scores stay in the API. `call` is the API with the token; `titleOf(itemId)` knows
 * catalogue titles; `onEvent` records a click.
 */
export function createRecommendations({ call, titleOf, onEvent }) {
  let shown = null; // {category, items, strategy, moves, at}
  let latest = 0;

  async function refresh(category) {
    const mine = ++latest;
    const query = new URLSearchParams({ limit: String(LIMIT) });
    if (category) query.set("category", category);
    $("recs-card").setAttribute("aria-busy", "true");
    try {
      const res = await call(`/v1/recommendations?${query}`);
      // an older request that answers late must not overwrite a newer list
      if (mine !== latest) return;
      const comparable = shown && shown.category === category;
      const moves = comparable ? movesBetween(shown.items, res.items) : res.items.map(() => null);
      shown = { category, items: res.items, strategy: res.strategy, moves, at: new Date().toISOString() };
      render();
      clearProblem($("recs-problem"));
    } catch (error) {
      if (mine === latest) showProblem($("recs-problem"), error);
    } finally {
      if (mine === latest) $("recs-card").setAttribute("aria-busy", "false");
    }
  }

  function reasonOf(rec) {
    if (rec.reasonCode === "similar") {
      if (!rec.basedOn) return t("recs.reason.similarRecent");
      const title = titleOf(rec.basedOn) ?? /"(.+)"/.exec(rec.reason)?.[1] ?? rec.basedOn;
      return t("recs.reason.similar", { title, josa: josaWa(title) });
    }
    if (rec.reasonCode === "trending") return t("recs.reason.trending", { category: categoryText(rec.category) });
    if (rec.reasonCode === "new") return t("recs.reason.new");
    return rec.reason;
  }

  function moveBadge(move) {
    if (!move) return h("span", { class: "move", "aria-hidden": "true" });
    if (move === "new") return h("span", { class: "move move-new", i18n: "recs.move.new" });
    const [dir, n] = move;
    return h(
      "span",
      { class: `move move-${dir}` },
      h("span", { "aria-hidden": "true" }, `${dir === "up" ? "▲" : "▼"}${n}`),
      h("span", { class: "visually-hidden", i18n: `recs.move.${dir}`, vars: { n } }),
    );
  }

  function renderItem(rec, i) {
    const move = shown.moves[i];
    return h(
      "li",
      {
        class: "rec",
        "data-item-id": rec.itemId,
        "data-reason": rec.reasonCode,
        "data-move": move === "new" ? "new" : move ? move[0] : null,
      },
      h("span", { class: "rank" }, String(i + 1)),
      moveBadge(move),
      h(
        "div",
        { class: "rec-main" },
        h("button", { type: "button", class: "item-title", onclick: () => onEvent("click", rec.itemId) }, rec.title),
        h(
          "div",
          { class: "item-meta" },
          h("span", { class: "badge cat" }, categoryLabel(rec.category)),
          h("span", { class: "price" }, formatPrice(rec.price, rec.currency)),
        ),
        h("p", { class: "reason" }, reasonOf(rec)),
      ),
    );
  }

  /** Also called on a language switch: reasons and prices are composed, so they are rebuilt. */
  function render() {
    if (!shown) return;
    $("recs").replaceChildren(...shown.items.map(renderItem));
    $("recs-empty").hidden = shown.items.length > 0;
    const badge = $("recs-strategy");
    badge.hidden = false;
    badge.dataset.strategy = shown.strategy;
    badge.dataset.i18n = `recs.strategy.${shown.strategy}`;
    $("recs-updated").dateTime = shown.at;
    translate($("recs-card"));
  }

  function reset() {
    shown = null;
    latest++;
    $("recs").replaceChildren();
    $("recs-strategy").hidden = true;
    $("recs-empty").hidden = true;
    clearProblem($("recs-problem"));
  }

  return { refresh, render, reset };
}
