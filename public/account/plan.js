/**
 * The plan card: Free or Pro, the subscription's status and dates, the limits from
 * `GET /v1/me/entitlements`, and "Upgrade to Pro" (`POST /v1/billing/checkout` → Stripe's page).
 */
import { formatNumber, translate } from "../shared/i18n.js";
import { clearProblem, h, showProblem } from "../shared/ui.js";

const $ = (id) => document.getElementById(id);

/** A date the page re-formats in the chosen language on every switch (i18n.js translate()). */
export const timeOf = (iso) => h("time", { datetime: iso, "data-format": "datetime" });

export function createPlan({ call, onChange }) {
  let entitlements = null;
  let loading = null;

  $("upgrade").addEventListener("click", upgrade);

  async function load() {
    const mine = (loading = (async () => {
      $("plan-card").setAttribute("aria-busy", "true");
      try {
        const data = await call("/v1/me/entitlements", { fresh: true });
        if (loading !== mine) return;
        const before = entitlements;
        entitlements = data;
        clearProblem($("plan-problem"));
        render();
        if (before?.tier !== data.tier || before?.status !== data.status) onChange?.(data, before);
      } catch (error) {
        if (loading === mine) showProblem($("plan-problem"), error);
      } finally {
        if (loading === mine) $("plan-card").setAttribute("aria-busy", "false");
      }
    })());
    return mine;
  }

  async function upgrade() {
    const button = $("upgrade");
    button.disabled = true;
    clearProblem($("plan-problem"));
    try {
      const data = await call("/v1/billing/checkout", { method: "POST", body: {} });
      if (typeof data?.url !== "string") throw new Error("checkout answered without a url");
      note("account.upgrade.redirecting");
      location.assign(data.url);
    } catch (error) {
      button.disabled = false;
      if (error?.problem?.status === 503) return unconfigured(error.problem);
      // an answer without a url is the server's fault, not the network's
      showProblem($("plan-problem"), error?.problem ? error : { problem: { titleKey: "problem.unavailable" } });
    }
  }

  /** No Stripe keys on this server: the problem's detail says how a developer simulates a payment. */
  function unconfigured(problem) {
    const box = $("plan-problem");
    box.replaceChildren(
      ...[
        h("p", { class: "problem-title" }, h("strong", { i18n: "account.upgrade.unconfigured" }), ` ${problem.status}`),
        problem.detail
          ? h(
              "p",
              { class: "dev-detail" },
              h("span", { i18n: "account.upgrade.developers" }),
              " ",
              h("code", {}, problem.detail),
            )
          : null,
      ].filter(Boolean),
    );
    box.hidden = false;
    translate(box);
  }

  function note(key) {
    const el = $("plan-note");
    if (key) el.dataset.i18n = key;
    else delete el.dataset.i18n;
    el.textContent = "";
    translate(el.parentElement);
  }

  function render() {
    const e = entitlements;
    if (!e) return;
    const pro = e.tier === "pro";
    const tier = $("plan-tier");
    tier.dataset.tier = e.tier;
    tier.dataset.i18n = `account.plan.tier.${pro ? "pro" : "free"}`;
    $("plan-status").dataset.status = e.status;
    $("plan-status").dataset.i18n = `account.status.${e.status}`;
    $("plan-renews-label").dataset.i18n = e.status === "canceled" ? "account.plan.ends" : "account.plan.renews";
    $("plan-renews").replaceChildren(e.renewsAt ? timeOf(e.renewsAt) : h("span", { i18n: "account.plan.none" }));
    const grace = $("plan-grace");
    grace.hidden = !(e.status === "past_due" && e.graceUntil);
    if (!grace.hidden) {
      // the date inside a sentence: formatted now, and again by render() on a language switch
      grace.replaceChildren(h("span", { i18n: "account.plan.grace", vars: { date: "{date}" } }));
      translate(grace);
      const [before, after] = grace.textContent.split("{date}");
      grace.replaceChildren(before, timeOf(e.graceUntil), after ?? "");
    }
    $("limits").replaceChildren(...limits(e.limits ?? {}));
    const l = e.limits ?? {};
    const near = l.labelComparisonsPerDay != null && l.labelComparisonsUsedToday >= l.labelComparisonsPerDay - 1;
    $("limits-near").hidden = pro || !near;
    $("upgrade-box").hidden = pro;
    translate($("plan-card"));
  }

  function limits(l) {
    const row = (key, ...value) => [h("dt", { i18n: key }), h("dd", {}, ...value)];
    const included = (yes) =>
      h("span", {
        class: `included included-${yes}`,
        i18n: yes ? "account.limits.included" : "account.limits.notIncluded",
      });
    return [
      ...row(
        "account.limits.history",
        l.historyDays == null
          ? h("span", { i18n: "account.limits.all" })
          : h("span", { i18n: "account.limits.historyDays", vars: { days: formatNumber(l.historyDays, 0) } }),
      ),
      ...row(
        "account.limits.comparisons",
        ...(l.labelComparisonsPerDay == null
          ? [h("span", { i18n: "account.limits.unlimited" })]
          : [
              h("span", {
                id: "comparisons-used",
                i18n: "account.limits.comparisonsUsed",
                vars: {
                  used: formatNumber(l.labelComparisonsUsedToday ?? 0, 0),
                  limit: formatNumber(l.labelComparisonsPerDay, 0),
                },
              }),
              l.labelComparisonsResetAt
                ? h(
                    "span",
                    { class: "hint" },
                    " · ",
                    h("span", { i18n: "account.limits.resets" }),
                    " ",
                    timeOf(l.labelComparisonsResetAt),
                  )
                : null,
            ]),
      ),
      ...row("account.limits.proCommunities", included(Boolean(l.proCommunities))),
      ...row("account.limits.reports", included(Boolean(l.analyticsReports))),
    ];
  }

  return {
    load,
    render,
    note,
    get entitlements() {
      return entitlements;
    },
    reset() {
      loading = null;
      entitlements = null;
      for (const id of ["plan-tier", "plan-status"]) {
        $(id).textContent = "";
        delete $(id).dataset.i18n;
      }
      $("plan-renews").replaceChildren();
      $("limits").replaceChildren();
      $("upgrade-box").hidden = true;
      $("limits-near").hidden = true;
      $("plan-grace").hidden = true;
      $("upgrade").disabled = false;
      note(null);
      clearProblem($("plan-problem"));
    },
  };
}
