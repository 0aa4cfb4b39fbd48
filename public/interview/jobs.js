/**
 * One job card (interview questions or learning path): start, live progress, cancel, result.
 * Progress comes from `GET /v1/jobs/:id/stream`; if that stream cannot be read, the card follows
 * the live channel's `job.progress`/`job.done` instead, with a slow poll in case that is down too.
 */
import { dictionary, translate } from "../shared/i18n.js";
import { providerLine, renderPath, renderQuestions } from "./render.js";
import { ProblemError } from "../shared/api.js";
import { followJob, TERMINAL } from "../shared/jobs.js";
import { clearFormProblem, clearProblem, h, showFormProblem, showProblem } from "../shared/ui.js";

const $ = (id) => document.getElementById(id);
const POLL_MS = 5_000;

export function createJob({ kind, prefix, call, token, remember, onSettled }) {
  const form = $(`${prefix}-form`);
  const submit = form.querySelector("button[type=submit]");
  const run = $(`${prefix}-run`);
  const problem = $(`${prefix}-problem`);
  const results = $(`${prefix}-results`);
  const badge = $(`${prefix}-status`);
  let resume = null;
  let job = null; // {id, status, progress, stage, settled, mode, follower}

  const bar = h("div", { class: "bar", role: "progressbar", "aria-valuemin": 0, "aria-valuemax": 100 });
  const fill = h("span", { class: "fill" });
  bar.append(fill);
  const pct = h("span", { class: "pct", "aria-hidden": "true" });
  const stage = h("p", { class: "stage", "aria-live": "polite" });
  const cancel = h("button", { type: "button", class: "small cancel", i18n: "interview.job.cancel" });
  const note = h("p", { class: "note muted", role: "status" });
  const provider = h("div", { class: "provider-slot" });
  bar.setAttribute("aria-labelledby", `${prefix}-title`);
  run.append(h("div", { class: "progress-row" }, bar, pct, cancel), stage, note, provider);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!resume) return;
    submit.disabled = true;
    try {
      const { jobId, existing } = await call(`/v1/resumes/${resume.id}/${kind}`, {
        method: "POST",
        body: bodyOf(),
      });
      clearFormProblem(form, problem);
      remember(resume.id, kind, jobId);
      begin(jobId, existing ? "interview.job.existing" : null);
    } catch (error) {
      showFormProblem(form, problem, error);
      submit.disabled = false;
    }
  });

  cancel.addEventListener("click", async () => {
    if (!job || job.settled) return;
    const id = job.id;
    job.cancelling = true;
    cancel.disabled = true;
    try {
      const view = await call(`/v1/jobs/${id}/cancel`, { method: "POST" });
      if (job?.id !== id) return;
      // the stream may have settled the job already; the note still says why the cancel did nothing
      if (view.status !== "cancelled") setNote("interview.job.tooLate");
      settle(view);
    } catch (error) {
      showProblem(problem, error);
      if (job?.id === id) job.cancelling = false;
      cancel.disabled = false;
    }
  });

  function bodyOf() {
    const fields = Object.fromEntries(new FormData(form));
    const number = (v) => (String(v).trim() === "" ? undefined : Number(v));
    if (kind === "interview-questions") return { count: number(fields.count), level: fields.level };
    const goal = String(fields.goal ?? "").trim();
    return { weeks: number(fields.weeks), ...(goal ? { goal } : {}) };
  }

  /**
   * Shows job `id` from 0 and follows it; `noteKey` explains why it is shown (e.g. a reused job).
   * A `restored` job is one remembered from an earlier visit: if it is gone, it is quietly forgotten.
   */
  function begin(id, noteKey = null, restored = false) {
    stop();
    job = { id, status: "queued", progress: 0, stage: "queued", settled: false, mode: "sse", restored };
    results.replaceChildren();
    provider.replaceChildren();
    clearProblem(problem);
    setNote(noteKey);
    run.hidden = false;
    draw();
    follow(job);
  }

  function follow(current) {
    current.follower = followJob(current.id, {
      call,
      token,
      pollMs: POLL_MS,
      onProgress: (view) => job === current && update(view),
      onSettle: (view) => job === current && settle(view),
      onProblem(error) {
        if (job !== current) return;
        if (error instanceof ProblemError && current.restored && error.problem.status === 404) {
          remember(resume.id, kind, null);
          return clear();
        }
        showProblem(problem, error);
      },
      onFallback() {
        current.mode = "live";
        setNote("interview.job.viaLive");
      },
    });
  }

  /** The final state: status, provider, the result or the error. Runs once per job. */
  function settle(view) {
    if (!job || job.id !== view.id || job.settled) return;
    job.settled = true;
    stop();
    update(view);
    const line = providerLine(view);
    provider.replaceChildren(...(line ? [line] : []));
    translate(provider);
    const offline = view.provider === "offline";
    if (view.status === "succeeded" && view.result) {
      results.replaceChildren(
        kind === "interview-questions" ? renderQuestions(view.result, offline) : renderPath(view.result, offline),
      );
    } else if (view.status === "failed") {
      showProblem(problem, {
        problem: { titleKey: "interview.job.error", vars: { error: view.error ?? "" } },
      });
    }
    onSettled?.(view);
  }

  function update(view) {
    if (!job) return;
    job.progress = Math.max(job.progress, view.progress ?? 0);
    job.stage = view.stage ?? job.stage;
    job.status = view.status ?? job.status;
    draw();
  }

  function draw() {
    const { progress, status } = job;
    bar.setAttribute("aria-valuenow", String(progress));
    fill.style.width = `${progress}%`;
    pct.textContent = `${progress}%`;
    const stageKey = `interview.stage.${job.stage.trim().replace(/\s+/g, "-")}`;
    if (dictionary.en[stageKey]) stage.dataset.i18n = stageKey;
    else delete stage.dataset.i18n;
    stage.textContent = job.stage;
    badge.hidden = false;
    badge.dataset.status = status;
    badge.dataset.i18n = `interview.status.${status}`;
    $(`${prefix}-card`).dataset.status = status;
    run.dataset.status = status;
    cancel.hidden = TERMINAL.has(status);
    cancel.disabled = Boolean(job.cancelling);
    submit.disabled = !resume || !TERMINAL.has(status);
    translate(run.parentElement);
    // a screen reader reading the bar hears the stage with the number ("Drafting, 20%")
    bar.setAttribute("aria-valuetext", `${stage.textContent}, ${progress}%`);
  }

  function setNote(key) {
    note.hidden = !key;
    if (key) note.dataset.i18n = key;
    else delete note.dataset.i18n;
    note.textContent = "";
    translate(run);
  }

  function stop() {
    job?.follower?.stop();
  }

  function clear() {
    stop();
    job = null;
    run.hidden = true;
    badge.hidden = true;
    delete $(`${prefix}-card`).dataset.status;
    results.replaceChildren();
    clearFormProblem(form, problem);
  }

  window.addEventListener("langchange", () => job && draw());

  return {
    /** The resume jobs start from; `jobId` is the last job started for it here, to show again. */
    setResume(next, jobId) {
      clear();
      resume = next;
      submit.disabled = !resume;
      if (resume && jobId) begin(jobId, null, true);
    },
    /** Live-channel pushes; used only once the progress stream has failed. */
    onLive(message) {
      const data = message.data;
      if (!job || job.mode !== "live" || data?.jobId !== job.id) return;
      if (message.type === "job.progress") update(data);
      if (message.type === "job.done") job.follower?.refresh();
    },
    reset() {
      clear();
      resume = null;
      submit.disabled = true;
    },
  };
}
