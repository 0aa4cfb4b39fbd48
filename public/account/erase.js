/**
 * The danger zone: a dialog that asks for the confirmation word ("DELETE" / "삭제") before
 * `DELETE /v1/me`, and the erasure receipt (`GET /v1/erasures/:id`, public) shown after the page has
 * signed the user out. The receipt's id is kept in localStorage so a reload still shows it.
 */
import { request } from "../shared/api.js";
import { dictionary, formatNumber, t, translate } from "../shared/i18n.js";
import { clearProblem, h, showProblem } from "../shared/ui.js";
import { timeOf } from "./plan.js";

const $ = (id) => document.getElementById(id);
const RECEIPT_KEY = "edge-coach.erasure";
const POLL_MS = 1_000;
const RETRY_MS = 5_000;

/** Either language's word counts, so a switch mid-way does not lock the user out. */
export function confirms(text) {
  const typed = text.normalize("NFC").trim();
  return ["en", "ko"].some((lang) => {
    const word = dictionary[lang]["account.erase.word"];
    return typed === word || typed.toUpperCase() === word.toUpperCase();
  });
}

export function createErase({ call, onErased }) {
  const dialog = $("erase-dialog");
  const form = $("erase-form");
  const input = $("erase-word");
  const confirm = $("erase-confirm");

  $("erase-open").addEventListener("click", () => {
    form.reset();
    confirm.disabled = true;
    clearProblem($("erase-dialog-problem"));
    render();
    dialog.showModal();
    input.focus();
  });
  $("erase-cancel").addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => $("erase-open").focus());
  input.addEventListener("input", () => {
    confirm.disabled = !confirms(input.value);
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!confirms(input.value)) return input.focus();
    confirm.disabled = true;
    try {
      const data = await call("/v1/me", { method: "DELETE" });
      dialog.close();
      onErased(data);
    } catch (error) {
      showProblem($("erase-dialog-problem"), error);
      confirm.disabled = false;
    }
  });

  function render() {
    const label = $("erase-word-label");
    label.dataset.i18n = "account.erase.typeLabel";
    label.dataset.i18nVars = JSON.stringify({ word: t("account.erase.word") });
    input.placeholder = t("account.erase.word");
    translate(form);
  }

  return {
    render,
    reset() {
      if (dialog.open) dialog.close();
      clearProblem($("erase-problem"));
    },
  };
}

export function createReceipt() {
  let receipt = null; // {id, url, data}
  let timer = 0;

  $("receipt-close").addEventListener("click", forget);

  /** Shows the receipt of a 202 from `DELETE /v1/me` and follows it until it is complete. */
  function show({ erasureId, receiptUrl }, { focus = true } = {}) {
    const url = /^\/v1\/erasures\/[\w.:-]+$/.test(receiptUrl ?? "")
      ? receiptUrl
      : `/v1/erasures/${encodeURIComponent(erasureId)}`;
    receipt = { id: erasureId, url, data: null };
    try {
      localStorage.setItem(RECEIPT_KEY, JSON.stringify({ erasureId, receiptUrl: url }));
    } catch {
      // storage can be disabled; the receipt then shows until the page is left
    }
    $("receipt-card").hidden = false;
    clearProblem($("receipt-problem"));
    render();
    if (focus) $("receipt-title").focus();
    check(receipt);
  }

  /** The receipt of an erasure this browser asked for, if one is kept. */
  function restore() {
    try {
      const kept = JSON.parse(localStorage.getItem(RECEIPT_KEY) ?? "null");
      if (kept && typeof kept.erasureId === "string") show(kept, { focus: false });
    } catch {
      // nothing kept that can be read
    }
  }

  async function check(current) {
    clearTimeout(timer);
    try {
      // public: the user's tokens stopped working with the erasure
      const { data } = await request(current.url, { fresh: true });
      if (receipt !== current) return;
      current.data = data;
      clearProblem($("receipt-problem"));
      render();
      if (data?.status !== "completed") timer = setTimeout(() => check(current), POLL_MS);
    } catch (error) {
      if (receipt !== current) return;
      showProblem($("receipt-problem"), error);
      const status = error?.problem?.status ?? 0;
      // a network failure or a server error may pass; a 4xx will not
      if (!status || status >= 500) timer = setTimeout(() => check(current), RETRY_MS);
    }
  }

  function render() {
    if (!receipt) return;
    const d = receipt.data;
    const done = d?.status === "completed";
    const state = $("receipt-state");
    state.dataset.status = d?.status ?? "running";
    state.dataset.i18n = done ? "account.receipt.completed" : "account.receipt.running";
    const fact = (key, value) => [h("dt", { i18n: key }), h("dd", {}, value)];
    $("receipt-facts").replaceChildren(
      ...fact("account.receipt.id", h("code", {}, receipt.id)),
      ...(d?.requestedAt ? fact("account.receipt.requested", timeOf(d.requestedAt)) : []),
      ...(d?.completedAt ? fact("account.receipt.finished", timeOf(d.completedAt)) : []),
      ...(Array.isArray(d?.steps) && d.steps.length
        ? fact(
            "account.receipt.steps",
            h("span", {
              id: "receipt-steps",
              i18n: "account.receipt.stepsDone",
              vars: { done: d.steps.filter((s) => s.done).length, total: d.steps.length },
            }),
          )
        : []),
    );
    // stores that held something are listed with their counts; the rest are named in one line
    const stores = Object.entries(d?.stores ?? {});
    const held = stores.filter(([, count]) => Number(count) > 0);
    const empty = stores.filter(([, count]) => !(Number(count) > 0)).map(([store]) => store);
    const table = $("receipt-stores");
    table.hidden = held.length === 0;
    table.querySelector("tbody").replaceChildren(
      ...held.map(([store, count]) => {
        const key = `account.store.${store}`;
        return h(
          "tr",
          { "data-store": store },
          h("th", { scope: "row" }, dictionary.en[key] ? h("span", { i18n: key }) : h("code", {}, store)),
          h("td", {}, formatNumber(Number(count), 0)),
        );
      }),
    );
    const rest = $("receipt-empty");
    rest.hidden = empty.length === 0;
    const summary = rest.querySelector("summary");
    summary.dataset.i18n = "account.receipt.empty";
    summary.dataset.i18nVars = JSON.stringify({ count: formatNumber(empty.length, 0) });
    $("receipt-empty-list").textContent = empty.join(", ");
    translate($("receipt-card"));
  }

  function forget() {
    clearTimeout(timer);
    receipt = null;
    try {
      localStorage.removeItem(RECEIPT_KEY);
    } catch {
      // nothing to forget
    }
    $("receipt-card").hidden = true;
  }

  return { show, restore, render };
}
