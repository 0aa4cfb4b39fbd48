/**
 * Correcting a block: a modal dialog with the ten categories and an optional note, sent to
 * POST /v1/timeline/{entryId}/feedback. The answer is the corrected entry, drawn in place.
 */
import { translate } from "../shared/i18n.js";
import { clean } from "../shared/text.js";
import { clearFormProblem, h, showFormProblem } from "../shared/ui.js";
import { CATEGORIES, PALETTE, categoryKey } from "./contract.js";

const $ = (id) => document.getElementById(id);

export function createCorrection({ call, onCorrected }) {
  const dialog = $("correct-dialog");
  const form = $("correct-form");
  const problem = $("correct-problem");
  let entry = null;

  $("correct-choices").append(
    ...CATEGORIES.map((category) =>
      h(
        "label",
        { class: "choice" },
        h("input", { type: "radio", name: "category", value: category }),
        h("span", { class: "swatch", style: `--fill:${PALETTE[category].fill}`, "aria-hidden": "true" }),
        h("span", { i18n: categoryKey(category) }),
      ),
    ),
  );
  translate($("correct-choices"));

  $("correct-cancel").addEventListener("click", () => dialog.close());
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    const category = form.elements.category.value;
    const note = clean(form.elements.note.value);
    button.disabled = true;
    form.setAttribute("aria-busy", "true");
    try {
      const corrected = await call(`/v1/timeline/${encodeURIComponent(entry.id)}/feedback`, {
        method: "POST",
        body: { category, ...(note ? { note } : {}) },
      });
      clearFormProblem(form, problem);
      dialog.close();
      onCorrected(corrected);
    } catch (error) {
      showFormProblem(form, problem, error);
    } finally {
      button.disabled = false;
      form.setAttribute("aria-busy", "false");
    }
  });

  return {
    /** Opens the dialog for `picked`, its current category chosen; `span` is its time span as shown. */
    open(picked, span) {
      entry = picked;
      form.reset();
      clearFormProblem(form, problem);
      form.elements.category.value = picked.category;
      const about = $("correct-about");
      about.dataset.i18nVars = JSON.stringify({ span });
      translate(about.parentElement);
      dialog.showModal();
      form.querySelector("input[name=category]:checked")?.focus();
    },
  };
}
