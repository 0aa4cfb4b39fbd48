/** The retrospectives page: sign-in, then the form, the list, the trends and the growth reports. */
import { request } from "../shared/api.js";
import { LiveChannel, showLiveState } from "../shared/live-channel.js";
import { mountShell } from "../shared/shell.js";
import { createComposer } from "./form.js";
import { createList } from "./list.js";
import { createReports } from "./reports.js";
import { createSettings } from "./settings.js";
import { createTrends } from "./trends.js";

const $ = (id) => document.getElementById(id);

const shell = mountShell({ line: "retros", titleKey: "title.retros" });
let session = null;
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

window.addEventListener("langchange", () => {
  list.render();
  reports.render();
  trends.draw();
});

shell.onSession((next) => {
  if (session) stop();
  session = next;
  if (session) start();
  else showSignedOut();
});

async function start() {
  $("live-status").hidden = false;
  $("tz-form").hidden = false;
  $("signed-out-note").hidden = true;
  $("workspace").hidden = false;

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
  $("live-status").hidden = true;
  $("tz-form").hidden = true;
  $("signed-out-note").hidden = false;
  $("workspace").hidden = true;
}

function setLiveState(state, retryInMs) {
  showLiveState($("live-status"), state, retryInMs);
}
