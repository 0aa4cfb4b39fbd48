/**
 * Privacy settings: a switch per source (GET/PUT /v1/me/privacy) and who may see what. Turning a source
 * off stops new events from it; what was stored stays, which the hint beside the switches says.
 */
import { translate } from "../shared/i18n.js";
import { clearFormProblem, clearProblem, h, showFormProblem, showProblem } from "../shared/ui.js";
import { SOURCES, sourceKey } from "./contract.js";

const $ = (id) => document.getElementById(id);
const VISIBILITIES = ["private", "stats_only", "anonymized_timeline"];

export function createPrivacy({ call }) {
  const card = $("privacy-card");
  const form = $("privacy-form");
  const problem = $("privacy-problem");

  $("consent-switches").append(
    ...SOURCES.map((source) =>
      h(
        "label",
        { class: "switch" },
        h("input", { type: "checkbox", role: "switch", name: "consents", value: source, id: `consent-${source}` }),
        h("span", { i18n: sourceKey(source) }),
      ),
    ),
  );
  $("visibility-choices").append(
    ...VISIBILITIES.map((visibility) =>
      h(
        "label",
        { class: "visibility" },
        h("input", { type: "radio", name: "visibility", value: visibility, id: `visibility-${visibility}` }),
        h(
          "span",
          {},
          h("strong", { i18n: `lifelog.privacy.visibility.${visibility}` }),
          h("span", { class: "hint", i18n: `lifelog.privacy.visibility.${visibility}.hint` }),
        ),
      ),
    ),
  );
  translate(form);

  function fill(privacy) {
    for (const source of SOURCES) $(`consent-${source}`).checked = privacy.consents?.[source] !== false;
    form.elements.visibility.value = privacy.visibility;
  }

  function setStatus(key) {
    const status = $("privacy-status");
    status.textContent = "";
    if (key) status.dataset.i18n = key;
    else delete status.dataset.i18n;
    translate(form);
  }

  form.addEventListener("change", () => setStatus(null));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    const consents = Object.fromEntries(SOURCES.map((s) => [s, $(`consent-${s}`).checked]));
    button.disabled = true;
    try {
      const saved = await call("/v1/me/privacy", {
        method: "PUT",
        body: { consents, visibility: form.elements.visibility.value },
      });
      fill(saved);
      clearFormProblem(form, problem);
      setStatus("lifelog.privacy.saved");
    } catch (error) {
      setStatus(null);
      showFormProblem(form, problem, error);
    } finally {
      button.disabled = false;
    }
  });

  return {
    async load() {
      card.setAttribute("aria-busy", "true");
      $("privacy-loading").hidden = false;
      form.hidden = true;
      try {
        fill(await call("/v1/me/privacy", { fresh: true }));
        form.hidden = false;
        clearProblem(problem);
      } catch (error) {
        showProblem(problem, error);
      } finally {
        card.setAttribute("aria-busy", "false");
        $("privacy-loading").hidden = true;
      }
    },
    reset() {
      form.reset();
      form.hidden = true;
      setStatus(null);
      clearFormProblem(form, problem);
    },
  };
}
