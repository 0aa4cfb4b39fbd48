/** The admin's view of the LLM fallback chain: GET /v1/admin/llm/providers, one row per provider. */
import { translate } from "../shared/i18n.js";
import { clearProblem, h, showProblem } from "../shared/ui.js";

const $ = (id) => document.getElementById(id);

export function createAdmin({ call }) {
  let enabled = false;
  $("admin-refresh").addEventListener("click", refresh);

  async function refresh() {
    if (!enabled) return;
    const card = $("admin-card");
    card.setAttribute("aria-busy", "true");
    try {
      const { items } = await call("/v1/admin/llm/providers");
      $("providers").replaceChildren(...items.map(row));
      clearProblem($("admin-problem"));
      translate($("providers"));
    } catch (error) {
      showProblem($("admin-problem"), error);
    } finally {
      card.setAttribute("aria-busy", "false");
    }
  }

  return {
    /** Shown only to admins; for anyone else the route answers 403 and the panel stays hidden. */
    enable(on) {
      enabled = on;
      $("admin-card").hidden = !on;
      if (!on) {
        $("providers").replaceChildren();
        clearProblem($("admin-problem"));
      }
      return refresh();
    },
    refresh,
  };
}

function row(p) {
  const when = (iso) =>
    iso ? h("time", { datetime: iso, "data-format": "relative" }) : h("span", { i18n: "interview.admin.never" });
  const fact = (key, ...value) => [h("dt", { i18n: key }), h("dd", {}, ...value)];
  return h(
    "li",
    { class: "provider-row", "data-name": p.name, "data-breaker": p.breaker.state },
    h(
      "div",
      { class: "provider-head" },
      h("strong", {}, p.name),
      h("span", { class: "badge kind" }, p.kind),
      h("span", {
        class: "badge breaker",
        "data-state": p.breaker.state,
        i18n: `interview.breaker.${p.breaker.state}`,
      }),
    ),
    h(
      "dl",
      { class: "facts" },
      fact("interview.admin.model", h("span", { class: "mono" }, p.model ?? "–")),
      fact("interview.admin.calls", `${p.calls} / ${p.failures}`),
      fact(
        "interview.admin.latency",
        p.lastLatencyMs === null ? "–" : h("span", { i18n: "interview.admin.ms", vars: { ms: p.lastLatencyMs } }),
      ),
      fact("interview.admin.last", when(p.lastSuccessAt), " / ", when(p.lastErrorAt)),
    ),
    p.lastError ? h("p", { class: "provider-error mono" }, p.lastError) : null,
  );
}
