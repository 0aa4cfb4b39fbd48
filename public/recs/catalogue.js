/** The catalogue card: category chips, a page of items at a time, and an event button per action. */
import { translate } from "../shared/i18n.js";
import { categoryLabel, formatPrice } from "./format.js";
import { clearProblem, h, showProblem } from "../shared/ui.js";

const $ = (id) => document.getElementById(id);
const PAGE = 20;
// enough to find every category of a demo-sized catalogue without a facet endpoint
const SCAN_PAGES = 10;
const ACTIONS = ["view", "add_to_cart", "purchase", "dismiss"];

/**
 * `call(path, opts)` is the API with the session's token; `onEvent(type, itemId)` records an event;
 * `onCategory(slug|null)` follows the chip choice; `onReprice(item)` is the admin's "edit price".
 */
export function createCatalogue({ call, onEvent, onCategory, onReprice }) {
  const known = new Map();
  let category = null;
  let cursor = null;
  let shown = 0;
  let admin = false;
  let generation = 0;

  $("items-more").addEventListener("click", () => loadPage(false));

  function remember(items) {
    for (const item of items) known.set(item.id, item);
    $("admin-items").replaceChildren(...[...known.values()].map((i) => h("option", { value: i.id }, i.title)));
  }

  async function discoverCategories() {
    const found = new Set();
    let next = null;
    for (let page = 0; page < SCAN_PAGES; page++) {
      const query = new URLSearchParams({ limit: "100", ...(next ? { cursor: next } : {}) });
      const res = await call(`/v1/items?${query}`);
      res.items.forEach((i) => found.add(i.category));
      remember(res.items);
      next = res.nextCursor;
      if (!next) break;
    }
    renderChips([...found].sort());
  }

  function renderChips(categories) {
    const chip = (slug) =>
      h(
        "button",
        {
          type: "button",
          class: "chip",
          "data-category": slug ?? "",
          "aria-pressed": String(slug === category),
          onclick: () => select(slug),
        },
        slug ? categoryLabel(slug) : h("span", { i18n: "recs.catalogue.all" }),
      );
    $("categories").replaceChildren(chip(null), ...categories.map(chip));
    translate($("categories"));
  }

  function select(slug) {
    category = slug;
    for (const el of $("categories").children)
      el.setAttribute("aria-pressed", String(el.dataset.category === (slug ?? "")));
    onCategory(slug);
    loadPage(true);
  }

  async function loadPage(fresh) {
    const mine = fresh ? ++generation : generation;
    if (fresh) {
      cursor = null;
      shown = 0;
    }
    const query = new URLSearchParams({ limit: String(PAGE) });
    if (category) query.set("category", category);
    if (cursor) query.set("cursor", cursor);
    $("catalogue-card").setAttribute("aria-busy", "true");
    try {
      const res = await call(`/v1/items?${query}`);
      if (mine !== generation) return; // a newer chip choice owns the list now
      remember(res.items);
      const rows = res.items.map(renderItem);
      if (fresh) $("items").replaceChildren(...rows);
      else $("items").append(...rows);
      translate($("items"));
      shown += res.items.length;
      cursor = res.nextCursor;
      $("items-more").hidden = !cursor;
      $("items-empty").hidden = shown > 0;
      $("items-empty").dataset.i18n = category ? "recs.catalogue.empty" : "recs.catalogue.emptyAll";
      $("catalogue-count").dataset.i18n = "recs.catalogue.shown";
      $("catalogue-count").dataset.i18nVars = JSON.stringify({ count: shown });
      translate($("catalogue-card"));
      clearProblem($("catalogue-problem"));
    } catch (error) {
      showProblem($("catalogue-problem"), error);
    } finally {
      $("catalogue-card").setAttribute("aria-busy", "false");
    }
  }

  function renderItem(item) {
    const titleId = `item-title-${item.id}`;
    const action = (type) =>
      h("button", {
        type: "button",
        class: `small action action-${type}`,
        "data-action": type,
        "aria-describedby": titleId,
        i18n: `recs.action.${type}`,
        onclick: () => onEvent(type, item.id),
      });
    return h(
      "li",
      { class: "item", "data-item-id": item.id, "data-category": item.category },
      h(
        "button",
        { type: "button", class: "item-title", id: titleId, onclick: () => onEvent("click", item.id) },
        item.title,
      ),
      h(
        "div",
        { class: "item-meta" },
        h("span", { class: "badge cat" }, categoryLabel(item.category)),
        h("span", { class: "price" }, formatPrice(item.price, item.currency)),
        admin ? h("span", { class: "mono item-id" }, item.id) : null,
      ),
      h(
        "div",
        { class: "item-actions" },
        ACTIONS.map(action),
        admin
          ? h("button", {
              type: "button",
              class: "small action-reprice",
              "aria-describedby": titleId,
              i18n: "recs.action.reprice",
              onclick: () => onReprice(known.get(item.id) ?? item),
            })
          : null,
      ),
    );
  }

  return {
    known,
    async start(isAdmin) {
      admin = isAdmin;
      category = null;
      renderChips([]);
      await Promise.all([loadPage(true), discoverCategories().catch((e) => showProblem($("catalogue-problem"), e))]);
    },
    /** Shows a changed price in place (after an admin update) without reloading the page of items. */
    update(item) {
      remember([item]);
      const row = $("items").querySelector(`[data-item-id="${CSS.escape(item.id)}"] .price`);
      if (row) row.textContent = formatPrice(item.price, item.currency);
    },
    /** Prices follow the number format of the language. */
    relabel() {
      for (const row of $("items").querySelectorAll(".item")) {
        const item = known.get(row.dataset.itemId);
        if (item) row.querySelector(".price").textContent = formatPrice(item.price, item.currency);
      }
    },
  };
}
