/** The retrospectives page: sign-in, then the form, the list, the trends and the growth reports. */
import { initI18n, translate } from "./i18n.js";
import { LiveChannel } from "./live-channel.js";
import { request } from "./retros-api.js";
import { createComposer } from "./retros-form.js";
import { createList } from "./retros-list.js";
import { createReports } from "./retros-reports.js";
import { createSettings } from "./retros-settings.js";
import { createTrends } from "./retros-trends.js";
import { clearSession, isExpired, loadSession, saveSession } from "./session.js";
import { clearProblem, flagInvalidFields, showProblem } from "./ui.js";

const $ = (id) => document.getElementById(id);

let session = loadSession();
let channel = null;

const call = (path, options = {}) => request(path, { ...options, token: session?.token });
const timeZone = () => settings.timeZone;

const settings = createSettings({
  call,
  onChange: () => {
    list.render();
    reports.render();
    trends.refresh();
  },
});
const list = createList({ call, timeZone });
const trends = createTrends({ call, timeZone });
const reports = createReports({ call, timeZone });
createComposer({
  call,
  onCreated: async (id) => {
    await list.add(id);
    trends.refreshSoon();
  },
});

initI18n();
window.addEventListener("langchange", () => {
  list.render();
  reports.render();
  trends.draw();
});

if (session && isExpired(session)) {
  clearSession();
  session = null;
  showProblem($("user-problem"), { problem: { title: null, titleKey: "auth.expired" } });
}
if (session) start();
else showSignedOut();

$("signin-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    const { data } = await request("/v1/auth/token", { method: "POST", body: { userId: $("userId").value.trim() } });
    session = saveSession(data);
    clearProblem($("user-problem"));
    flagInvalidFields(form, null);
    start();
  } catch (error) {
    showProblem($("user-problem"), error);
    flagInvalidFields(form, error);
  } finally {
    button.disabled = false;
  }
});

$("sign-out").addEventListener("click", () => {
  stop();
  clearSession();
  session = null;
  showSignedOut();
  $("userId").focus();
});

async function start() {
  $("signin-form").hidden = true;
  $("signin-hint").hidden = true;
  $("who").hidden = false;
  $("tz-form").hidden = false;
  $("signed-out-note").hidden = true;
  $("workspace").hidden = false;
  $("who-user").textContent = session.userId;
  translate($("user-card"));

  channel = new LiveChannel(session);
  channel.addEventListener("state", (e) => setLiveState(e.detail.state, e.detail.retryInMs));
  channel.addEventListener("message", ({ detail: { message } }) => {
    if (message.type === "feedback.ready" && typeof message.data?.id === "string") {
      list.refresh(message.data.id);
      trends.refreshSoon();
    }
    if (message.type === "ready") list.refreshPending();
  });
  channel.connect();

  // the zone decides which days the trends and reports cover, so it is settled first
  await settings.start(session.userId);
  list.load();
  trends.refresh();
  reports.load();
}

function stop() {
  channel?.disconnect();
  channel = null;
  settings.stop();
  list.reset();
  trends.reset();
  reports.reset();
}

function showSignedOut() {
  $("signin-form").hidden = false;
  $("signin-hint").hidden = false;
  $("who").hidden = true;
  $("tz-form").hidden = true;
  $("signed-out-note").hidden = false;
  $("workspace").hidden = true;
}

function setLiveState(state, retryInMs) {
  const text = $("live-status-text");
  $("live-status").dataset.state = state;
  text.dataset.i18n = `live.state.${state}`;
  text.dataset.i18nVars = JSON.stringify({ seconds: Math.ceil((retryInMs ?? 0) / 1000) });
  translate($("live-status"));
}
