/** The recommendations page: sign-in, event recording, and the cards that react to it. */
import { api } from "../shared/api.js";
import { translate } from "../shared/i18n.js";
import { LiveChannel, showLiveState } from "../shared/live-channel.js";
import { mountShell } from "../shared/shell.js";
import { createAdmin } from "./admin.js";
import { createCatalogue } from "./catalogue.js";
import { createRateChart } from "./chart.js";
import { traceId } from "./format.js";
import { createInbox } from "./inbox.js";
import { createRecommendations } from "./list.js";
import { clearProblem, h, showProblem } from "../shared/ui.js";

const $ = (id) => document.getElementById(id);

const shell = mountShell({ line: "recs", titleKey: "title.recs" });
let session = null;
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

window.addEventListener("langchange", () => {
  recs.render();
  catalogue.relabel();
});

shell.onSession((next) => {
  if (session) stop();
  session = next;
  if (session) start();
  else showSignedOut();
});

$("recs-refresh").addEventListener("click", () => recs.refresh(category));
$("search-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const query = $("search-query").value;
  // an empty query goes out without one, so the API (not a second rule here) decides what is valid
  record("search", null, query.trim() ? query : undefined);
});

function start() {
  const isAdmin = session.role === "admin";
  $("live-status").hidden = false;
  $("signed-out-note").hidden = true;
  $("catalogue-card").hidden = false;
  $("side").hidden = false;
  $("admin-card").hidden = !isAdmin;
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
  $("live-status").hidden = true;
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
      // the reason is the server's English validation text: the headline says what happened
      showProblem($("event-problem"), { problem: { titleKey: "recs.event.rejected" } });
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
  showLiveState($("live-status"), state, retryInMs);
}
