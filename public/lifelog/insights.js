/**
 * Label insights: the user's labels (GET /v1/labels, PUT to add one) and, for the chosen label, the
 * cohort's noisy averages (GET /v1/insights/labels) charted beside the user's own week. A suppressed
 * cohort shows why there is no chart instead of one; the privacy note is built from the answer itself.
 */
import { t, translate } from "../shared/i18n.js";
import { clean } from "../shared/text.js";
import { clearFormProblem, clearProblem, h, showFormProblem, showProblem } from "../shared/ui.js";
import { CATEGORIES, categoryKey } from "./contract.js";
import { barChart, hoursText } from "./chart.js";
import { formatNumber, locale } from "./time.js";

const $ = (id) => document.getElementById(id);
const LABEL_KEYS = ["affiliation", "role", "interest", "region", "age_band"];
const MIN_COHORT = 11;
/** Free's daily label comparisons (the 402 names the limit, not its size). */
const LIMIT_FALLBACK = 5;

/** `label_comparisons; used=4; limit=5; resets=…` → `{name, used, limit, resets}`, or null. */
export function parseLimit(header) {
  if (!header) return null;
  const [name, ...pairs] = header.split(";").map((part) => part.trim());
  const fields = Object.fromEntries(pairs.map((pair) => pair.split("=")));
  const used = Number(fields.used);
  const limit = Number(fields.limit);
  if (!name || !Number.isFinite(used) || !Number.isFinite(limit)) return null;
  return { name, used, limit, resets: fields.resets ?? null };
}

const resetTime = (iso) =>
  iso ? new Intl.DateTimeFormat(locale(), { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso)) : "";

export function createInsights({ call, callWithLimit = null, myWeek }) {
  const pickForm = $("insight-form");
  const labelForm = $("label-form");
  let labels = [];
  let insight = null;
  let request = 0;

  labelForm.elements.key.replaceChildren(
    ...LABEL_KEYS.map((key) => h("option", { value: key, i18n: `lifelog.labels.key.${key}` })),
  );
  translate(labelForm);

  pickForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const label = labels[Number(pickForm.elements.label.value)];
    if (label) compare(label);
  });
  labelForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = labelForm.querySelector("button[type=submit]");
    const key = labelForm.elements.key.value;
    button.disabled = true;
    try {
      await call(`/v1/labels/${key}`, {
        method: "PUT",
        body: { value: clean(labelForm.elements.value.value), visibility: labelForm.elements.visibility.value },
      });
      clearFormProblem(labelForm, $("label-problem"));
      labelForm.elements.value.value = "";
      await loadLabels(key);
    } catch (error) {
      showFormProblem(labelForm, $("label-problem"), error);
    } finally {
      button.disabled = false;
    }
  });

  async function loadLabels(selectKey) {
    $("labels-loading").hidden = false;
    try {
      labels = (await call("/v1/labels", { fresh: true })).items;
      clearProblem($("labels-problem"));
      renderLabels(selectKey);
    } catch (error) {
      showProblem($("labels-problem"), error);
    } finally {
      $("labels-loading").hidden = true;
    }
  }

  function renderLabels(selectKey) {
    $("labels-empty").hidden = labels.length > 0;
    pickForm.hidden = labels.length === 0;
    const select = pickForm.elements.label;
    select.replaceChildren(
      ...labels.map((label, i) =>
        h(
          "option",
          { value: i },
          `${t(`lifelog.labels.key.${label.key}`)}: ${label.value}${label.verified ? " ✓" : ""}`,
        ),
      ),
    );
    const chosen = labels.findIndex((l) => l.key === selectKey);
    if (chosen >= 0) select.value = String(chosen);
  }

  async function compare(label) {
    const mine = ++request;
    $("insight-card").setAttribute("aria-busy", "true");
    $("insight-loading").hidden = false;
    clearProblem($("insight-problem"));
    try {
      const query = new URLSearchParams({ key: label.key, value: label.value });
      const path = `/v1/insights/labels?${query}`;
      const { data, limit } = callWithLimit
        ? await callWithLimit(path, { fresh: true })
        : { data: await call(path, { fresh: true }), limit: null };
      if (mine !== request) return;
      insight = data;
      showLimit(parseLimit(limit));
      draw();
    } catch (error) {
      if (mine !== request) return;
      insight = null;
      draw();
      const problem = error?.problem;
      if (problem?.status === 402 && problem.limit === "label_comparisons") {
        showLimit(null);
        showProblem($("insight-problem"), {
          problem: {
            titleKey: "lifelog.insight.limitReached",
            vars: { limit: LIMIT_FALLBACK, time: resetTime(problem.resetsAt) },
          },
        });
      } else showProblem($("insight-problem"), error);
    } finally {
      if (mine === request) {
        $("insight-card").setAttribute("aria-busy", "false");
        $("insight-loading").hidden = true;
      }
    }
  }

  /** The kind upgrade hint for a comparison near Free's daily limit (the 4th and 5th of 5). */
  function showLimit(limit) {
    const box = $("insight-limit");
    box.hidden = !limit;
    if (!limit) return;
    setText(box, "lifelog.insight.limitNear", { used: limit.used, limit: limit.limit });
  }

  function draw() {
    render();
    translate($("insight-card"));
  }

  function render() {
    const suppressed = Boolean(insight?.suppressed) || (insight && !insight.metrics);
    $("insight-suppressed").hidden = !suppressed;
    $("insight-result").hidden = !insight || suppressed;
    if (!insight) return;
    const min = insight.privacy?.minCohort ?? MIN_COHORT;
    setText($("insight-suppressed"), "lifelog.insight.suppressed", { min });
    setText($("insight-note"), "lifelog.insight.privacy", {
      epsilon: formatNumber(insight.privacy.epsilon, 3),
      sampler: insight.privacy.sampler,
      min,
    });
    $("insight-cached").hidden = !insight.privacy.cached;
    $("insight-margin").hidden = suppressed;
    if (suppressed) return;
    const own = myWeek();
    const { minutesPerDay, exerciseDayShare } = insight.metrics;
    const percent = (share) => new Intl.NumberFormat(locale(), { style: "percent" }).format(share);
    setText($("insight-cohort"), insight.window.days ? "lifelog.insight.cohortDays" : "lifelog.insight.cohortAll", {
      size: insight.cohort.size ?? "–",
      label: `${t(`lifelog.labels.key.${insight.cohort.key}`)}: ${insight.cohort.value}`,
      days: insight.window.days ?? "",
    });
    const { margin95 } = insight.metrics;
    setText($("insight-margin"), "lifelog.insight.margin", {
      minutes: formatNumber(margin95.minutesPerDay, 0),
      share: percent(margin95.exerciseDayShare),
    });
    setText($("insight-exercise"), own ? "lifelog.insight.exercise" : "lifelog.insight.exerciseCohort", {
      cohort: percent(exerciseDayShare),
      mine: own ? percent(own.exerciseDayShare) : "",
    });
    $("insight-legend-mine").hidden = !own;
    $("insight-chart").replaceChildren(
      barChart({
        cohort: minutesPerDay,
        mine: own?.minutesPerDay ?? null,
        titleId: "insight-title",
        descId: "insight-cohort",
      }),
    );
    $("insight-table").replaceChildren(
      ...CATEGORIES.map((c) =>
        h(
          "tr",
          {},
          h("th", { scope: "row" }, t(categoryKey(c))),
          h("td", {}, hoursText(minutesPerDay[c] ?? 0)),
          h("td", {}, own ? hoursText(own.minutesPerDay[c] ?? 0) : "–"),
        ),
      ),
    );
  }

  function setText(el, key, vars) {
    el.dataset.i18n = key;
    el.dataset.i18nVars = JSON.stringify(vars);
  }

  return {
    load: () => loadLabels(),
    /** Redraws the chart in the page's language, or with the user's freshly loaded week. */
    draw: () => {
      renderLabels(labels[Number(pickForm.elements.label.value)]?.key);
      draw();
    },
    reset() {
      request++;
      labels = [];
      insight = null;
      renderLabels();
      draw();
      clearProblem($("insight-problem"));
      showLimit(null);
      clearProblem($("labels-problem"));
      clearFormProblem(labelForm, $("label-problem"));
    },
  };
}
