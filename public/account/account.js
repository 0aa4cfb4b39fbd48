/**
 * The account page: the plan and its limits (kept current by the live channel's `entitlements.updated`),
 * Pro analytics reports, the export of everything, and erasing the account with its receipt.
 */
import { api } from "../shared/api.js";
import { LiveChannel, showLiveState } from "../shared/live-channel.js";
import { clearSession } from "../shared/session.js";
import { mountShell } from "../shared/shell.js";
import { createErase, createReceipt } from "./erase.js";
import { createExport } from "./export.js";
import { createPlan } from "./plan.js";
import { createReports } from "./reports.js";

const $ = (id) => document.getElementById(id);

const shell = mountShell({ line: "account", titleKey: "title.account" });
let session = null;
let channel = null;

const call = (path, options = {}) => api(path, { ...options, token: session?.token });
const token = () => session?.token;

const reports = createReports({ call, token });
const plan = createPlan({
  call,
  onChange(next, before) {
    reports.setPro(next.tier === "pro");
    if (before) plan.note("account.plan.updated");
  },
});
const data = createExport({ token });
const receipt = createReceipt();
const erase = createErase({
  call,
  onErased(answer) {
    const userId = session?.userId;
    // signed out here as the shell's "Sign out" does; the receipt stays on the page
    clearSession();
    if (userId) localStorage.removeItem(`edge-coach.lastId.${userId}`);
    receipt.show(answer);
  },
});

window.addEventListener("langchange", () => {
  plan.render();
  reports.render();
  data.render();
  erase.render();
  receipt.render();
});

receipt.restore();

shell.onSession((next) => {
  if (session) stop();
  session = next;
  $("signed-out-note").hidden = Boolean(session);
  $("workspace").hidden = !session;
  if (session) start();
});

function start() {
  channel = new LiveChannel(session);
  channel.addEventListener("state", (e) => showLiveState($("live-status"), e.detail.state, e.detail.retryInMs));
  channel.addEventListener("message", ({ detail: { message } }) => {
    // a webhook changed the plan, or the socket (re)connected and may have missed that push
    if (message.type === "entitlements.updated" || message.type === "ready") plan.load();
  });
  channel.connect();
  plan.load();
  returnedFromCheckout();
}

function stop() {
  channel?.disconnect();
  channel = null;
  plan.reset();
  reports.reset();
  data.reset();
  erase.reset();
}

/** Back from Stripe's checkout (`?checkout=success|cancel`): after a payment the webhook may not have arrived yet. */
function returnedFromCheckout() {
  const params = new URLSearchParams(location.search);
  const outcome = params.get("checkout");
  if (outcome !== "success" && outcome !== "cancel") return;
  plan.note(outcome === "success" ? "account.upgrade.returned" : "account.upgrade.cancelled");
  params.delete("checkout");
  const query = params.toString();
  history.replaceState(null, "", `${location.pathname}${query ? `?${query}` : ""}${location.hash}`);
}
