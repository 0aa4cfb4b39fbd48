/** Your retrospectives with their feedback; an entry is refetched when its `feedback.ready` arrives. */
import { t, translate } from "../shared/i18n.js";
import { MOODS, formatInstant } from "./format.js";
import { clearProblem, h, showProblem } from "../shared/ui.js";

const $ = (id) => document.getElementById(id);
const PAGE = 10;
const LONG = 280; // characters after which an entry's text is clamped behind "Show all"
const FEEDBACK_LISTS = ["strengths", "weaknesses", "keepDoing", "recommendations"];

export function createList({ call, timeZone }) {
  let order = []; // ids, newest first
  const items = new Map();
  // A push can overtake the fetch that follows a write: the newest request wins, not the last to land.
  const applied = new Map();
  let issued = 0;
  let cursor = null;
  let loaded = false;

  $("list-more").addEventListener("click", () => page(cursor));

  async function page(after) {
    const ticket = ++issued;
    const more = $("list-more");
    more.disabled = true;
    $("list-card").setAttribute("aria-busy", "true");
    try {
      const query = new URLSearchParams({ limit: String(PAGE) });
      if (after) query.set("cursor", after);
      const { data } = await call(`/v1/retrospects?${query}`, { fresh: true });
      for (const item of data.items) {
        if ((applied.get(item.id) ?? 0) > ticket) continue;
        applied.set(item.id, ticket);
        items.set(item.id, item);
        if (!order.includes(item.id)) order.push(item.id);
      }
      cursor = data.nextCursor;
      loaded = true;
      clearProblem($("list-problem"));
    } catch (error) {
      showProblem($("list-problem"), error);
    } finally {
      more.disabled = false;
      $("list-card").setAttribute("aria-busy", "false");
      render();
    }
  }

  /** Fetches one entry and puts it in its place by date; false when it is not (yet) in view. */
  async function upsert(id) {
    const ticket = ++issued;
    const { data } = await call(`/v1/retrospects/${encodeURIComponent(id)}`, { fresh: true });
    if ((applied.get(id) ?? 0) > ticket) return;
    applied.set(id, ticket);
    const before = items.get(id)?.feedback.status;
    items.set(id, data);
    if (before === "pending" && data.feedback.status !== "pending") announce(data);
    if (!order.includes(id)) {
      const at = order.findIndex((other) => items.get(other).createdAt < data.createdAt);
      // older than everything shown while more pages remain: it will come with "more"
      if (at === -1 && cursor) return;
      order.splice(at === -1 ? order.length : at, 0, id);
    }
    replace(id);
  }

  /** One live region for the whole list: regions created with the content they carry stay silent. */
  function announce(item) {
    const key = item.feedback.status === "ready" ? "retros.fb.announceReady" : "retros.fb.announceFailed";
    $("list-announce").textContent = t(key, { purpose: item.purpose });
  }

  function render() {
    $("list").replaceChildren(...order.map((id) => entry(items.get(id))));
    $("list-empty").hidden = !loaded || order.length > 0;
    $("list-more").hidden = !cursor;
    translate($("list-card"));
  }

  function replace(id) {
    const old = $(`retro-${id}`);
    const fresh = entry(items.get(id));
    translate(fresh);
    if (old) old.replaceWith(fresh);
    else render();
    $("list-empty").hidden = true;
  }

  function entry(item) {
    const long = item.content.length > LONG;
    const content = h("p", { class: "retro-content", "data-clamped": long ? "true" : null }, item.content);
    return h(
      "article",
      {
        class: "retro",
        id: `retro-${item.id}`,
        "data-status": item.feedback.status,
        "aria-labelledby": `rt-${item.id}`,
      },
      h(
        "header",
        { class: "retro-head" },
        item.mood
          ? h(
              "span",
              { class: "mood", role: "img", "aria-label": t("retros.mood.of", { mood: item.mood }) },
              MOODS[item.mood],
            )
          : null,
        h("h3", { id: `rt-${item.id}` }, item.purpose),
        h("time", { class: "muted", datetime: item.createdAt }, formatInstant(item.createdAt, timeZone())),
      ),
      item.tags.length
        ? h(
            "ul",
            { class: "tags" },
            item.tags.map((tag) => h("li", { class: "tag" }, `#${tag}`)),
          )
        : null,
      content,
      long
        ? h("button", {
            type: "button",
            class: "link",
            i18n: "retros.entry.showAll",
            "aria-expanded": "false",
            onclick: (event) => {
              const open = content.dataset.clamped === "true";
              content.dataset.clamped = String(!open);
              event.currentTarget.setAttribute("aria-expanded", String(open));
              event.currentTarget.dataset.i18n = open ? "retros.entry.showLess" : "retros.entry.showAll";
              translate(event.currentTarget.parentElement);
            },
          })
        : null,
      feedback(item),
    );
  }

  function feedback(item) {
    const fb = item.feedback;
    const head = h(
      "div",
      { class: "feedback-head" },
      h("h4", { i18n: "retros.fb.title" }),
      h("span", { class: `badge status status-${fb.status}`, i18n: `retros.status.${fb.status}` }),
      fb.status === "ready" && fb.offline
        ? h("span", { class: "badge offline", i18n: "retros.fb.offline", title: t("retros.fb.offlineHint") })
        : null,
    );
    const body = [];
    if (fb.status === "pending") body.push(h("p", { class: "muted waiting", i18n: "retros.fb.pending" }));
    if (fb.status === "ready") {
      if (fb.summary) body.push(h("p", { class: "summary" }, fb.summary));
      const lists = FEEDBACK_LISTS.filter((key) => fb[key].length).map((key) =>
        h(
          "div",
          { class: `fb-list fb-${key}` },
          h("h5", { i18n: `retros.fb.${key}` }),
          h(
            "ul",
            {},
            fb[key].map((x) => h("li", {}, x)),
          ),
        ),
      );
      if (lists.length) body.push(h("div", { class: "fb-lists" }, lists));
      if (fb.provider) body.push(h("p", { class: "hint" }, [fb.provider, fb.model].filter(Boolean).join(" · ")));
    }
    if (fb.status === "failed") {
      const problem = h("div", { class: "problem", role: "alert", hidden: true });
      body.push(
        h("p", { class: "reason" }, h("span", { i18n: "retros.fb.failed" }), fb.reason ? ` ${fb.reason}` : ""),
        h("button", {
          type: "button",
          class: "small retry",
          i18n: "retros.fb.retry",
          onclick: (e) => retry(item.id, e.currentTarget, problem),
        }),
        problem,
      );
    }
    return h("section", { class: "feedback", "data-status": fb.status }, head, ...body);
  }

  async function retry(id, button, problem) {
    button.disabled = true;
    try {
      await call(`/v1/retrospects/${encodeURIComponent(id)}/feedback/retry`, { method: "POST" });
      await upsert(id);
    } catch (error) {
      button.disabled = false;
      showProblem(problem, error);
    }
  }

  const refresh = (id) => upsert(id).catch((error) => showProblem($("list-problem"), error));

  return {
    load() {
      order = [];
      items.clear();
      cursor = null;
      return page(null);
    },
    /** A fresh write: shown at once, as pending (or already ready, if the feedback won the race). */
    add: refresh,
    /** `feedback.ready` for `id`; entries not on screen are left for "more". */
    refresh,
    /** After a reconnect: anything still pending may have been decided while we were away. */
    refreshPending() {
      for (const id of order) if (items.get(id).feedback.status === "pending") refresh(id);
    },
    render,
    reset() {
      order = [];
      items.clear();
      cursor = null;
      loaded = false;
      render();
    },
  };
}
