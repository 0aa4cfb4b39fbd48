/** The "write a retrospective" form: live counters, one Idempotency-Key per draft, field errors. */
import { t, translate } from "../shared/i18n.js";
import { clearFormProblem, showFormProblem } from "../shared/ui.js";
import { LIMITS, clean, fieldMessage, formatNumber, lengthOf, parseTags } from "./format.js";

const $ = (id) => document.getElementById(id);

export function createComposer({ call, onCreated }) {
  const form = $("write-form");
  // The key belongs to one body: a double click or a retry after a lost response sends the same
  // body with the same key and the server replays its first answer instead of storing a twin.
  let draft = null; // {key, json}
  let sending = false;

  for (const name of ["purpose", "content"]) {
    const field = form.elements[name];
    // Hangul is typed through an IME; `input` fires while a syllable is still being composed,
    // and compositionend covers browsers that hold it back until the syllable is done.
    field.addEventListener("input", () => count(name));
    field.addEventListener("compositionend", () => count(name));
    count(name);
  }
  window.addEventListener("langchange", () => {
    count("purpose");
    count("content");
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (sending) return;
    const body = bodyOf();
    const json = JSON.stringify(body);
    if (draft?.json !== json) draft = { key: crypto.randomUUID(), json };
    sending = true;
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    form.setAttribute("aria-busy", "true");
    try {
      const { data, replayed } = await call("/v1/retrospects", {
        method: "POST",
        body,
        headers: { "Idempotency-Key": draft.key },
      });
      draft = null;
      clearFormProblem(form, $("write-problem"));
      form.reset();
      count("purpose");
      count("content");
      setStatus(replayed ? "retros.write.replayed" : "retros.write.saved");
      await onCreated(data.id);
    } catch (error) {
      setStatus(null);
      showFormProblem(form, $("write-problem"), error, (entry) => fieldMessage(entry, body.tags));
    } finally {
      sending = false;
      button.disabled = false;
      form.setAttribute("aria-busy", "false");
    }
  });

  function bodyOf() {
    const fields = new FormData(form);
    const body = {
      purpose: clean(String(fields.get("purpose") ?? "")),
      content: clean(String(fields.get("content") ?? "")),
      tags: parseTags(String(fields.get("tags") ?? "")),
    };
    const mood = Number(fields.get("mood"));
    if (mood >= 1 && mood <= 5) body.mood = mood;
    return body;
  }

  function count(name) {
    const used = lengthOf(form.elements[name].value);
    const counter = $(`${name}-count`);
    counter.textContent = `${formatNumber(used, 0)} / ${formatNumber(LIMITS[name], 0)}`;
    counter.dataset.over = String(used > LIMITS[name]);
    counter.setAttribute("aria-label", t("retros.write.counter", { count: used, max: LIMITS[name] }));
  }

  function setStatus(key) {
    const status = $("write-status");
    if (!key) {
      delete status.dataset.i18n;
      status.textContent = "";
      return;
    }
    status.dataset.i18n = key;
    translate(status.parentElement);
  }

  return {
    enable(on) {
      form.querySelector("button[type=submit]").disabled = !on;
    },
  };
}
