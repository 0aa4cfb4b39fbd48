/** The admin's inventory panel: POST /v1/inventory with a new price, showing the price drop it caused. */
import { translate } from "../shared/i18n.js";
import { currencyDigits, formatPrice } from "./format.js";
import { clearFormProblem, clearProblem, h, showFormProblem } from "../shared/ui.js";

const $ = (id) => document.getElementById(id);
// "Edit price" suggests a drop comfortably above the server's notification threshold
const SUGGESTED_DROP = 0.8;

/** `known` maps item ids to catalogue items; `onUpdated(item)` shows the new price elsewhere. */
export function createAdmin({ call, known, onUpdated }) {
  const form = $("admin-form");

  form.elements.itemId.addEventListener("input", () => showCurrent(form.elements.itemId.value.trim()));

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const itemId = form.elements.itemId.value.trim();
    const raw = form.elements.price.value;
    // an empty field would reach the API as 0: let the server's validation speak for a missing price
    const body = { itemId, ...(raw === "" ? {} : { price: Number(raw) }) };
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      const { item, priceDrop } = await call("/v1/inventory", { method: "POST", body });
      onUpdated(item);
      showResult(item, priceDrop);
      showCurrent(item.id);
      clearFormProblem(form, $("admin-problem"));
    } catch (error) {
      $("admin-result").replaceChildren();
      showFormProblem(form, $("admin-problem"), error);
    } finally {
      button.disabled = false;
    }
  });

  function showCurrent(itemId) {
    const item = known.get(itemId);
    const el = $("admin-current");
    el.hidden = !item;
    if (!item) return;
    el.dataset.i18n = "recs.admin.current";
    el.dataset.i18nVars = JSON.stringify({ price: formatPrice(item.price, item.currency), title: item.title });
    form.elements.price.step = String(10 ** -currencyDigits(item.currency));
    translate(el.parentElement);
  }

  function showResult(item, drop) {
    const line = drop
      ? h("span", {
          i18n: drop.notifying ? "recs.admin.drop" : "recs.admin.dropQuiet",
          vars: {
            from: formatPrice(drop.from, item.currency),
            to: formatPrice(drop.to, item.currency),
            percent: drop.percent,
          },
        })
      : h("span", { i18n: "recs.admin.noDrop", vars: { price: formatPrice(item.price, item.currency) } });
    const result = $("admin-result");
    result.dataset.drop = drop ? "yes" : "no";
    result.replaceChildren(line);
    translate(result);
  }

  return {
    prefill(item) {
      form.elements.itemId.value = item.id;
      const digits = currencyDigits(item.currency);
      form.elements.price.value = (item.price * SUGGESTED_DROP).toFixed(digits);
      showCurrent(item.id);
      form.elements.price.focus();
    },
    reset() {
      form.reset();
      $("admin-current").hidden = true;
      $("admin-result").replaceChildren();
      clearProblem($("admin-problem"));
    },
  };
}
