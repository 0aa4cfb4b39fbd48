/**
 * Pro analytics reports: "Monthly report" and "Goal forecast" start a job (`POST /v1/reports/analytics`),
 * its progress comes over `GET /v1/jobs/:id/stream` (a slow poll of `GET /v1/jobs/:id` if the stream cannot
 * be read), and the finished report is a signed link that expires. Free members see an upgrade hint instead.
 */
import { translate } from "../shared/i18n.js";
import { followJob } from "../shared/jobs.js";
import { clearFormProblem, clearProblem, h, showFormProblem, showProblem } from "../shared/ui.js";
import { timeOf } from "./plan.js";

const $ = (id) => document.getElementById(id);
const POLL_MS = 2_000;

const needsUpgrade = (error) => error?.problem?.status === 402 && error.problem.upgrade === true;

export function createReports({ call, token }) {
  let pro = false;
  let job = null; // {id, settled, follower}
  let items = [];
  const form = $("forecast-form");

  $("report-monthly").addEventListener("click", () => start({ type: "monthly" }));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    start({ type: "goal_forecast", category: form.elements.category.value });
  });

  /** Pro shows the buttons and the past reports; Free the upgrade hint. */
  function setPro(next) {
    pro = next;
    $("reports-upgrade").hidden = pro;
    $("report-actions").hidden = !pro;
    $("reports-past").hidden = !pro;
    if (pro) load();
  }

  async function load() {
    $("reports-card").setAttribute("aria-busy", "true");
    try {
      const data = await call("/v1/reports/analytics", { fresh: true });
      items = data.items ?? [];
      clearProblem($("reports-problem"));
    } catch (error) {
      showFailure(error);
    } finally {
      $("reports-card").setAttribute("aria-busy", "false");
      render();
    }
  }

  async function start(body) {
    busy(true);
    clearFormProblem(form, $("reports-problem"));
    try {
      const { jobId } = await call("/v1/reports/analytics", { method: "POST", body });
      begin(jobId);
    } catch (error) {
      busy(false);
      if (needsUpgrade(error)) return showFailure(error);
      showFormProblem(form, $("reports-problem"), error);
    }
  }

  function begin(id) {
    stop();
    job = { id, settled: false };
    $("report-run").hidden = false;
    $("report-result").replaceChildren();
    delete $("report-result").dataset.status;
    $("report-bar").setAttribute("aria-valuenow", "0");
    draw(0);
    follow(job);
  }

  function follow(current) {
    current.follower = followJob(current.id, {
      call,
      token,
      pollMs: POLL_MS,
      onProgress: (view) => job === current && draw(view.progress),
      onSettle: (view) => job === current && settle(view),
      onProblem(error) {
        if (job !== current) return;
        busy(false);
        showProblem($("reports-problem"), error);
      },
    });
  }

  function settle(view) {
    if (!job || job.settled) return;
    job.settled = true;
    stop();
    busy(false);
    const result = $("report-result");
    if (view.status === "succeeded") {
      draw(100);
      const r = view.result ?? {};
      const parts = [h("span", { i18n: "account.reports.ready" })];
      if (r.url) parts.push(" ", openLink(r.url, "report-open"));
      if (r.expiresAt)
        parts.push(
          h("span", { class: "hint" }, " · ", h("span", { i18n: "account.reports.expires" }), " ", timeOf(r.expiresAt)),
        );
      result.replaceChildren(...parts);
    } else {
      result.replaceChildren(h("span", { class: "failed", i18n: "account.reports.failed" }));
    }
    result.dataset.status = view.status;
    translate(result);
    load();
  }

  function draw(progress = 0) {
    const bar = $("report-bar");
    const value = Math.max(Number(bar.getAttribute("aria-valuenow")) || 0, Math.round(progress));
    bar.setAttribute("aria-valuenow", String(value));
    bar.querySelector(".fill").style.width = `${value}%`;
    const text = $("report-progress");
    text.dataset.i18n = "account.reports.progress";
    text.dataset.i18nVars = JSON.stringify({ progress: value });
    translate($("report-run"));
  }

  function render() {
    const list = $("reports-list");
    list.replaceChildren(...items.map(item));
    $("reports-empty").hidden = items.length > 0;
    translate($("reports-card"));
  }

  function item(r) {
    return h(
      "li",
      { class: "report-item", id: `report-${r.id}`, "data-status": r.status, "data-type": r.type },
      h(
        "div",
        { class: "report-head" },
        h("strong", { id: `report-title-${r.id}`, i18n: `account.reports.type.${r.type}` }),
        h("span", { class: `badge status-${r.status}`, i18n: `account.reports.status.${r.status}` }),
      ),
      h(
        "p",
        { class: "hint" },
        h("span", { i18n: "account.reports.made" }),
        " ",
        timeOf(r.createdAt),
        r.expiresAt ? [" · ", h("span", { i18n: "account.reports.expires" }), " ", timeOf(r.expiresAt)] : null,
      ),
      // "Open Monthly report" to a screen reader: every item's link is otherwise just "Open"
      r.url ? openLink(r.url, `report-link-${r.id}`, `report-link-${r.id} report-title-${r.id}`) : null,
    );
  }

  function openLink(url, id, labelledBy = null) {
    return h("a", {
      href: url,
      id,
      class: "open",
      target: "_blank",
      rel: "noopener",
      "aria-labelledby": labelledBy,
      i18n: "account.reports.open",
    });
  }

  function showFailure(error) {
    if (!needsUpgrade(error)) return showProblem($("reports-problem"), error);
    setPro(false);
  }

  function busy(on) {
    $("report-monthly").disabled = on;
    $("report-forecast").disabled = on;
  }

  function stop() {
    job?.follower?.stop();
  }

  return {
    setPro,
    render,
    reset() {
      stop();
      job = null;
      items = [];
      busy(false);
      $("report-run").hidden = true;
      $("report-result").replaceChildren();
      $("report-bar").setAttribute("aria-valuenow", "0");
      $("reports-upgrade").hidden = true;
      $("report-actions").hidden = true;
      $("reports-past").hidden = true;
      clearFormProblem(form, $("reports-problem"));
      render();
    },
  };
}
