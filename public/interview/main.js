/** The interview prep page: sign-in, resumes, the two generation jobs and the admin's provider panel. */
import { api } from "../shared/api.js";
import { translate } from "../shared/i18n.js";
import { LiveChannel, showLiveState } from "../shared/live-channel.js";
import { mountShell } from "../shared/shell.js";
import { createAdmin } from "./admin.js";
import { createJob } from "./jobs.js";
import { createResumes } from "./resumes.js";

const $ = (id) => document.getElementById(id);

const shell = mountShell({ line: "interview", titleKey: "title.interview" });
let session = null;
let channel = null;

const call = (path, options = {}) => api(path, { ...options, token: session?.token });
const token = () => session?.token;

/**
 * What this browser remembers per user: the selected resume and the last job of each kind per
 * resume, so a reload shows the results again (the API has no "jobs of a resume" list).
 */
const memory = {
  key: () => `edge-coach.interview.${session?.userId}`,
  read() {
    try {
      const value = JSON.parse(localStorage.getItem(this.key()) ?? "null");
      return value && typeof value === "object" ? { selected: null, jobs: {}, ...value } : { selected: null, jobs: {} };
    } catch {
      return { selected: null, jobs: {} };
    }
  },
  write(change) {
    try {
      localStorage.setItem(this.key(), JSON.stringify({ ...this.read(), ...change }));
    } catch {
      // storage can be full or disabled; remembering is a convenience
    }
  },
  remember(resumeId, kind, jobId) {
    const jobs = this.read().jobs;
    jobs[resumeId] = { ...jobs[resumeId], [kind]: jobId ?? undefined };
    this.write({ jobs });
  },
};
const remember = (resumeId, kind, jobId) => memory.remember(resumeId, kind, jobId);

const admin = createAdmin({ call });
const jobs = [
  createJob({ kind: "interview-questions", prefix: "q", call, token, remember, onSettled: () => admin.refresh() }),
  createJob({ kind: "learning-path", prefix: "lp", call, token, remember, onSettled: () => admin.refresh() }),
];
const kinds = ["interview-questions", "learning-path"];
const resumes = createResumes({
  call,
  onSelect(resume) {
    memory.write({ selected: resume?.id ?? null });
    const prepare = $("prepare-for");
    prepare.dataset.i18n = resume ? "interview.prepare.for" : "interview.prepare.none";
    prepare.dataset.i18nVars = JSON.stringify({ title: resume?.title ?? "" });
    translate(prepare.parentElement);
    const stored = resume ? (memory.read().jobs[resume.id] ?? {}) : {};
    jobs.forEach((job, i) => job.setResume(resume, stored[kinds[i]]));
  },
});

shell.onSession((next) => {
  if (session) stop();
  session = next;
  if (session) start();
  else showSignedOut();
});

function stop() {
  channel?.disconnect();
  channel = null;
  for (const job of jobs) job.reset();
  resumes.reset();
  admin.enable(false);
}

function start() {
  $("signed-out-note").hidden = true;
  $("live-status").hidden = false;
  $("workspace").hidden = false;

  channel = new LiveChannel(session);
  channel.addEventListener("state", (e) => setLiveState(e.detail.state, e.detail.retryInMs));
  channel.addEventListener("message", ({ detail: { message } }) => {
    if (message.type === "job.progress" || message.type === "job.done") for (const job of jobs) job.onLive(message);
  });
  channel.connect();

  admin.enable(session.role === "admin");
  resumes.start(memory.read().selected);
}

function showSignedOut() {
  $("signed-out-note").hidden = false;
  $("live-status").hidden = true;
  $("workspace").hidden = true;
}

function setLiveState(state, retryInMs) {
  showLiveState($("live-status"), state, retryInMs);
}
