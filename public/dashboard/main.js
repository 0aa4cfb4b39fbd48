/** The dashboard: the session's details, the profile and the live channel with its log. */
import { api } from "../shared/api.js";
import { translate } from "../shared/i18n.js";
import { LiveChannel, showLiveState } from "../shared/live-channel.js";
import { isExpired } from "../shared/session.js";
import { mountShell } from "../shared/shell.js";
import { clearFormProblem, clearProblem, h, showFormProblem, showProblem } from "../shared/ui.js";

const $ = (id) => document.getElementById(id);
const LOG_LIMIT = 200;
const PROFILE_FIELDS = ["userId", "firstSeenAt", "lastSeenAt", "openSockets", "lastMessageId"];

let session = null;
let channel = null;
let expiryTimer = 0;

const shell = mountShell({ line: "dashboard", titleKey: "title.dashboard" });
shell.onSession((next) => {
  channel?.disconnect();
  channel = null;
  session = next;
  if (!session) clearLog();
  showSession();
  if (session && !isExpired(session)) startLive();
});
// relative times ("in 11 hours") drift; refresh them now and then
setInterval(() => translate($("session-details")), 30_000);

$("copy-token").addEventListener("click", async (event) => {
  const button = event.currentTarget;
  // a refused clipboard (no permission, no focus) leaves the button as it was
  const copied = await navigator.clipboard?.writeText(session.token).then(
    () => true,
    () => false,
  );
  if (!copied) return;
  button.dataset.i18n = "auth.copied";
  translate(button.parentElement);
  setTimeout(() => {
    button.dataset.i18n = "auth.copy";
    translate(button.parentElement);
  }, 1500);
});

$("profile-refresh").addEventListener("click", loadProfile);
$("log-clear").addEventListener("click", clearLog);

$("live-toggle").addEventListener("click", () => {
  if (!channel) return;
  if (["open", "connecting", "retrying"].includes(channel.state)) channel.disconnect();
  else channel.connect();
});

$("test-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  const { title, body } = Object.fromEntries(new FormData(form));
  await busy(form, async () => {
    try {
      const result = await api("/v1/stream/test", { method: "POST", token: session?.token, body: { title, body } });
      clearFormProblem(form, $("test-problem"));
      setText($("test-result"), "test.sent", result);
      loadProfile();
    } catch (error) {
      $("test-result").replaceChildren();
      showFormProblem(form, $("test-problem"), error);
    }
  });
});

/** Shows the session's details and enables what needs a live token. */
function showSession() {
  const signedIn = Boolean(session);
  const usable = signedIn && !isExpired(session);
  $("session-signed-out").hidden = signedIn;
  $("session-details").hidden = !signedIn;
  $("profile-refresh").disabled = !usable;
  $("live-toggle").disabled = !usable;
  $("live-signed-out").hidden = signedIn;
  $("test-form").querySelector("button[type=submit]").disabled = !usable;
  clearTimeout(expiryTimer);
  if (!signedIn) {
    $("profile").hidden = true;
    $("profile-empty").hidden = false;
    $("live-last-id").hidden = true;
    clearProblem($("profile-problem"));
    setLiveState("idle");
    return;
  }
  $("session-email").textContent = session.email ?? "";
  $("session-email").hidden = !session.email;
  $("session-expires").dateTime = session.expiresAt;
  $("session-expires-rel").dateTime = session.expiresAt;
  if (!usable) setLiveState("expired");
  // setTimeout overflows past ~24.8 days; tokens live hours, so only guard the overflow
  const untilExpiry = Date.parse(session.expiresAt) - Date.now();
  if (usable && untilExpiry < 2 ** 31 - 1) expiryTimer = setTimeout(showSession, untilExpiry + 1000);
  translate($("session-card"));
}

function startLive() {
  channel?.disconnect();
  channel = new LiveChannel(session);
  channel.addEventListener("state", (e) => setLiveState(e.detail.state, e.detail.retryInMs));
  channel.addEventListener("lastid", (e) => showLastId(e.detail.id));
  channel.addEventListener("message", (e) => {
    appendLog(e.detail.message, e.detail.replayed);
    if (e.detail.message.type === "ready") loadProfile();
  });
  showLastId(channel.lastId);
  loadProfile();
  channel.connect();
}

async function loadProfile() {
  if (!session) return;
  const card = $("profile-card");
  card.setAttribute("aria-busy", "true");
  try {
    const profile = await api("/v1/me", { token: session.token });
    $("profile").replaceChildren(
      ...PROFILE_FIELDS.flatMap((key) => [
        h("dt", { i18n: `profile.${key}` }),
        h(
          "dd",
          { class: key.endsWith("At") ? "" : "mono" },
          key.endsWith("At") ? h("time", { datetime: profile[key], "data-format": "datetime" }) : String(profile[key]),
        ),
      ]),
    );
    translate($("profile"));
    $("profile").hidden = false;
    $("profile-empty").hidden = true;
    clearProblem($("profile-problem"));
  } catch (error) {
    showProblem($("profile-problem"), error);
  } finally {
    card.setAttribute("aria-busy", "false");
  }
}

function setLiveState(state, retryInMs) {
  showLiveState($("live-status"), state, retryInMs);
  const active = ["open", "connecting", "retrying"].includes(state);
  setText($("live-toggle"), active ? "live.disconnect" : "live.connect");
}

function showLastId(id) {
  $("live-last-id").hidden = false;
  setText($("live-last-id"), "live.lastId", { id });
}

/** Newest first; pushes show their payload, ready/error frames a one-line summary. */
function appendLog(message, replayed) {
  const type = typeof message.type === "string" ? message.type : "error";
  const at = message.at ?? new Date().toISOString();
  const item = h(
    "li",
    { class: `entry entry-${type.replace(/\W/g, "-")}` },
    h(
      "div",
      { class: "entry-head" },
      h("span", { class: "badge type", i18n: `type.${type}` }),
      typeof message.id === "number" ? h("span", { class: "mono id" }, `#${message.id}`) : null,
      replayed ? h("span", { class: "badge replayed", i18n: "live.replayed" }) : null,
      h("time", { datetime: at, "data-format": "time" }),
    ),
    entryBody(message),
  );
  translate(item);
  $("live-log").prepend(item);
  while ($("live-log").children.length > LOG_LIMIT) $("live-log").lastElementChild.remove();
  $("log-empty").hidden = true;
}

function entryBody(message) {
  const data = message.data;
  if (message.type === "ready") return h("p", { i18n: "live.ready", vars: { id: data?.lastMessageId ?? 0 } });
  if (message.type === "error") return h("p", { i18n: "live.serverError", vars: { detail: data?.detail ?? "" } });
  if (message.type === "notification" && data && typeof data.title === "string") {
    return h(
      "p",
      { class: "notification" },
      h("strong", {}, data.title),
      data.body ? h("span", {}, ` ${data.body}`) : null,
    );
  }
  return h("pre", { class: "json" }, JSON.stringify(data, null, 2));
}

function clearLog() {
  $("live-log").replaceChildren();
  $("log-empty").hidden = false;
}

function setText(el, key, vars) {
  el.dataset.i18n = key;
  if (vars) el.dataset.i18nVars = JSON.stringify(vars);
  else delete el.dataset.i18nVars;
  translate(el.parentElement ?? el);
}

/** Disables a form's submit button while `work` runs, so a double click sends once. */
async function busy(form, work) {
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  form.setAttribute("aria-busy", "true");
  try {
    await work();
  } finally {
    button.disabled = !session;
    form.setAttribute("aria-busy", "false");
  }
}
