/** The life-log page: the day view, the week heat-map, privacy and devices, and label insights. */
import { api, request } from "../shared/api.js";
import { translate } from "../shared/i18n.js";
import { LiveChannel } from "../shared/live-channel.js";
import { mountShell } from "../shared/shell.js";
import { clearProblem, showProblem } from "../shared/ui.js";
import { createCorrection } from "./correct.js";
import { createDay } from "./day.js";
import { createDevices } from "./devices.js";
import { createInsights } from "./insights.js";
import { createPrivacy } from "./privacy.js";
import { sampleEvents } from "./sample.js";
import { addDays, browserTimeZone, isDay, mondayOf, todayIn } from "./time.js";
import { createWeek } from "./week.js";

const $ = (id) => document.getElementById(id);
// pushes for several events of one upload arrive together; one reload answers them all
const LIVE_RELOAD_MS = 300;

const shell = mountShell({ line: "lifelog", titleKey: "lifelog.pageTitle" });
const tz = browserTimeZone();
let session = null;
let channel = null;
let liveTimer = 0;
let day = dayFromUrl() ?? todayIn(tz);

const call = (path, options = {}) => api(path, { ...options, token: session?.token });
/** `call` that also answers the response's `limit` header (the label comparisons near Free's daily limit). */
const callWithLimit = (path, options = {}) => request(path, { ...options, token: session?.token });

const correction = createCorrection({
  call,
  onCorrected: (entry) => {
    dayView.replace(entry);
    refreshWeek();
  },
});
const dayView = createDay({ call, onPick: (entry, span) => correction.open(entry, span) });
const week = createWeek({ call, onPickDay: (picked) => showDay(picked), onLoaded: () => insights.draw() });
const privacy = createPrivacy({ call });
const devices = createDevices({ call });
const insights = createInsights({ call, callWithLimit, myWeek: () => week.average() });

$("day-prev").addEventListener("click", () => showDay(addDays(day, -1)));
$("day-next").addEventListener("click", () => showDay(addDays(day, 1)));
$("day-today").addEventListener("click", () => showDay(todayIn(tz)));
$("day-picker").addEventListener("change", (event) => {
  if (isDay(event.target.value)) showDay(event.target.value);
});
$("sample-day").addEventListener("click", loadSample);

window.addEventListener("langchange", () => {
  dayView.draw();
  week.draw();
  insights.draw();
});

shell.onSession((next) => {
  if (session) stop();
  session = next;
  if (session) start();
  else showSignedOut();
});

function dayFromUrl() {
  const param = new URLSearchParams(location.search).get("day");
  return isDay(param) ? param : null;
}

/** Shows `next` in the day view and its week in the heat-map; the URL keeps the day across reloads. */
function showDay(next) {
  day = next;
  $("day-picker").value = day;
  const url = new URL(location.href);
  url.searchParams.set("day", day);
  history.replaceState(null, "", url);
  if (!session) return;
  dayView.load(day, tz);
  week.load(mondayOf(day), tz, day);
}

function refreshWeek() {
  week.invalidate();
  week.load(mondayOf(day), tz, day);
}

function start() {
  $("signed-out-note").hidden = true;
  $("workspace").hidden = false;
  showDay(day);
  privacy.load();
  devices.load();
  insights.load();
  channel = new LiveChannel(session);
  channel.addEventListener("message", ({ detail: { message } }) => {
    if (message.type !== "timeline.updated") return;
    clearTimeout(liveTimer);
    liveTimer = setTimeout(() => {
      dayView.load(day, tz);
      refreshWeek();
    }, LIVE_RELOAD_MS);
  });
  channel.connect();
}

function stop() {
  channel?.disconnect();
  channel = null;
  clearTimeout(liveTimer);
  dayView.reset();
  week.reset();
  privacy.reset();
  devices.reset();
  insights.reset();
  setSampleStatus(null);
}

function showSignedOut() {
  $("signed-out-note").hidden = false;
  $("workspace").hidden = true;
}

async function loadSample() {
  const button = $("sample-day");
  button.disabled = true;
  setSampleStatus("lifelog.sample.sending");
  try {
    const result = await call("/v1/activity", { method: "POST", body: { events: sampleEvents(day, tz) } });
    const consent = result.rejected.filter((r) => r.reason === "consent").length;
    setSampleStatus(consent ? "lifelog.sample.doneConsent" : "lifelog.sample.done", {
      accepted: result.accepted,
      duplicates: result.duplicates,
      rejected: result.rejected.length,
    });
    clearProblem($("sample-problem"));
    await dayView.load(day, tz);
    refreshWeek();
  } catch (error) {
    setSampleStatus(null);
    showProblem($("sample-problem"), error);
  } finally {
    button.disabled = false;
  }
}

function setSampleStatus(key, vars = {}) {
  const status = $("sample-status");
  status.textContent = "";
  if (key) {
    status.dataset.i18n = key;
    status.dataset.i18nVars = JSON.stringify(vars);
    translate(status.parentElement);
  } else delete status.dataset.i18n;
}
