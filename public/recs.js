/** The recommendations page: sign-in, event recording, and the cards that react to it. */
import { initI18n, translate } from "./i18n.js";
import { LiveChannel } from "./live-channel.js";
import { createAdmin } from "./recs-admin.js";
import { createCatalogue } from "./recs-catalogue.js";
import { createRateChart } from "./recs-chart.js";
import { traceId } from "./recs-format.js";
import { createInbox } from "./recs-inbox.js";
import { createRecommendations } from "./recs-list.js";
import { api, clearSession, isExpired, loadSession, saveSession } from "./session.js";
import { clearProblem, flagInvalidFields, h, showProblem } from "./ui.js";

const $ = (id) => document.getElementById(id);
const ADMIN_DEMO_USER = "demo-admin";

let session = loadSession();
let channel = null;
let category = null;

const call = (path, options = {}) => api(path, { ...options, token: session?.token });

const catalogue = createCatalogue({
  call,
  onEvent: record,
  onCategory: (slug) => {
    category = slug;
    recs.refresh(slug);
  },
  onReprice: (item) => admin.prefill(item),
});
const recs = createRecommendations({ call, titleOf: (id) => catalogue.known.get(id)?.title, onEvent: record });
const chart = createRateChart({ call });
const inbox = createInbox({ call });
const admin = createAdmin({ call, known: catalogue.known, onUpdated: (item) => catalogue.update(item) });

initI18n();
window.addEventListener("langchange", () => {
  recs.render();
  catalogue.relabel();
});

if (session && isExpired(session)) {
  clearSession();
  session = null;
  showProblem($("user-problem"), { problem: { title: null, titleKey: "auth.expired" } });
}
if (session) start();
else showSignedOut();

for (const button of $("demo-users").querySelectorAll("[data-user]")) {
  button.addEventListener("click", () => signIn(button.dataset.user));
}
$("user-form").addEventListener("submit", (event) => {
  event.preventDefault();
  signIn($("custom-user").value.trim());
});
$("sign-out").addEventListener("click", () => {
  stop();
  clearSession();
  session = null;
  showSignedOut();
  $("custom-user").focus();
});
$("recs-refresh").addEventListener("click", () => recs.refresh(category));
$("search-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const query = $("search-query").value;
  // an empty query goes out without one, so the API's own validation message is what the user sees
  record("search", null, query.trim() ? query : undefined);
});

async function signIn(userId) {
  const form = $("user-form");
  const buttons = form.querySelectorAll("button");
  buttons.forEach((b) => (b.disabled = true));
  try {
    const role = userId === ADMIN_DEMO_USER ? "admin" : "user";
    const issued = await api("/v1/auth/token", { method: "POST", body: { userId, role } });
    stop();
    session = saveSession(issued);
    clearProblem($("user-problem"));
    flagInvalidFields(form, null);
    start();
  } catch (error) {
    showProblem($("user-problem"), error);
    flagInvalidFields(form, error);
  } finally {
    buttons.forEach((b) => (b.disabled = false));
  }
}

function start() {
  const isAdmin = session.role === "admin";
  $("user-form").hidden = true;
  $("user-hint").hidden = true;
  $("who").hidden = false;
  $("who-user").textContent = session.userId;
  $("who-role").dataset.i18n = `auth.role.${isAdmin ? "admin" : "user"}`;
  $("signed-out-note").hidden = true;
  $("catalogue-card").hidden = false;
  $("side").hidden = false;
  $("admin-card").hidden = !isAdmin;
  translate($("user-card"));
  category = null;
  catalogue.start(isAdmin);
  recs.refresh(null);
  chart.start();
  inbox.load();

  channel = new LiveChannel(session);
  channel.addEventListener("state", (e) => setLiveState(e.detail.state, e.detail.retryInMs));
  channel.addEventListener("message", ({ detail: { message } }) => {
    if (message.type === "notification") inbox.add(message.data);
    // after a reconnect the unread count may have moved on without us
    if (message.type === "ready") inbox.load();
  });
  channel.connect();
}

function stop() {
  channel?.disconnect();
  channel = null;
  chart.stop();
  recs.reset();
  inbox.reset();
  admin.reset();
  $("event-status").replaceChildren();
  clearProblem($("event-problem"));
}

function showSignedOut() {
  $("user-form").hidden = false;
  $("user-hint").hidden = false;
  $("who").hidden = true;
  $("signed-out-note").hidden = false;
  $("catalogue-card").hidden = true;
  $("side").hidden = true;
}

/** Sends one event with a fresh trace id; an accepted one refreshes the recommendations at once. */
async function record(type, itemId, query) {
  const event = { traceId: traceId(), type };
  if (itemId) event.itemId = itemId;
  if (query !== undefined) event.query = query;
  try {
    const result = await call("/v1/events", { method: "POST", body: event });
    const [rejected] = result.rejected;
    if (rejected) {
      $("event-status").replaceChildren();
      showProblem($("event-problem"), {
        problem: { title: null, titleKey: "recs.event.rejected", detail: rejected.reason },
      });
      return;
    }
    clearProblem($("event-problem"));
    showStatus(type, itemId ?? query, result.accepted > 0);
    if (result.accepted > 0) await recs.refresh(category);
  } catch (error) {
    $("event-status").replaceChildren();
    showProblem($("event-problem"), error);
  }
}

function showStatus(type, subject, accepted) {
  const title = catalogue.known.get(subject)?.title ?? subject;
  $("event-status").replaceChildren(
    h("span", { class: `badge type type-${type}`, i18n: `recs.type.${type}` }),
    " ",
    h("strong", {}, title),
    " ",
    h("span", { i18n: accepted ? "recs.event.accepted" : "recs.event.duplicate" }),
  );
  $("event-status").dataset.type = type;
  translate($("event-status"));
}

function setLiveState(state, retryInMs) {
  const text = $("live-status-text");
  $("live-status").dataset.state = state;
  text.dataset.i18n = `live.state.${state}`;
  text.dataset.i18nVars = JSON.stringify({ seconds: Math.ceil((retryInMs ?? 0) / 1000) });
  translate($("live-status"));
}
