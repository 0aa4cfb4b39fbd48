/** The notifications inbox: loaded from GET /v1/notifications, then kept current by live pushes. */
import { translate } from "../shared/i18n.js";
import { clearProblem, h, showProblem } from "../shared/ui.js";

const $ = (id) => document.getElementById(id);
const KINDS = new Set(["price_drop", "test", "system"]);
const SHOWN = 20;

export function createInbox({ call }) {
  let notes = [];
  let unread = 0;

  async function load() {
    try {
      const res = await call(`/v1/notifications?limit=${SHOWN}`);
      notes = res.items;
      unread = res.unread;
      render();
      clearProblem($("inbox-problem"));
    } catch (error) {
      showProblem($("inbox-problem"), error);
    }
  }

  /** A pushed notification; replays after a reconnect may repeat ones the list already has. */
  function add(note) {
    if (!note || typeof note.id !== "string" || notes.some((n) => n.id === note.id)) return;
    notes = [note, ...notes].slice(0, SHOWN);
    if (!note.readAt) unread++;
    render(note.id);
  }

  async function markRead(id, button) {
    button.disabled = true;
    try {
      const updated = await call(`/v1/notifications/${encodeURIComponent(id)}/read`, { method: "POST" });
      const before = notes.find((n) => n.id === id);
      if (before && !before.readAt) unread = Math.max(0, unread - 1);
      notes = notes.map((n) => (n.id === id ? updated : n));
      render();
      clearProblem($("inbox-problem"));
    } catch (error) {
      button.disabled = false;
      showProblem($("inbox-problem"), error);
    }
  }

  function renderNote(note, fresh) {
    const kind = KINDS.has(note.kind) ? note.kind : "system";
    return h(
      "li",
      {
        class: `note${note.readAt ? "" : " unread"}${fresh ? " fresh" : ""}`,
        "data-id": note.id,
        "data-kind": note.kind,
      },
      h(
        "div",
        { class: "entry-head" },
        h("span", { class: `badge kind kind-${kind}`, i18n: `recs.kind.${kind}` }),
        h("time", { datetime: note.createdAt, "data-format": "datetime" }),
      ),
      h("strong", { class: "note-title" }, note.title),
      note.body ? h("p", { class: "note-body" }, note.body) : null,
      note.readAt
        ? null
        : h("button", {
            type: "button",
            class: "small mark-read",
            i18n: "recs.inbox.markRead",
            onclick: (e) => markRead(note.id, e.currentTarget),
          }),
    );
  }

  function render(freshId) {
    $("inbox").replaceChildren(...notes.map((n) => renderNote(n, n.id === freshId)));
    $("inbox-empty").hidden = notes.length > 0;
    const badge = $("inbox-unread");
    badge.hidden = unread === 0;
    badge.dataset.count = String(unread);
    badge.dataset.i18n = "recs.inbox.unread";
    badge.dataset.i18nVars = JSON.stringify({ count: unread });
    translate($("inbox-card"));
  }

  function reset() {
    notes = [];
    unread = 0;
    render();
    clearProblem($("inbox-problem"));
  }

  return { load, add, reset };
}
