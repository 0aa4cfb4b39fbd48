/**
 * The compose form of the feed and of a community: text up to 5,000 characters with a live counter
 * (counted as the API counts, limits.js), a visibility
 * where the route takes one, and optionally one day of the author's timeline as a snapshot.
 */
import { todayIn } from "../shared/days.js";
import { t, translate } from "../shared/i18n.js";
import { clean } from "../shared/text.js";
import { clearFormProblem, showFormProblem } from "../shared/ui.js";
import { POST_MAX, charactersOf, limitMessage } from "./limits.js";
import { showFailure } from "./upgrade.js";

const $ = (id) => document.getElementById(id);

/** `path()` is where posts go; `onCreated(post)` gets the post as GET /v1/posts/:id returns it. */
export function createComposer({ call, path, onCreated }) {
  const form = $("compose-form");
  const body = form.elements.body;
  const day = form.elements.day;
  const attach = form.elements.attach;
  // one key per draft: a double click or a retry after a lost answer posts once
  let draft = null;

  day.value = todayIn(Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC");
  day.max = day.value;
  const syncAttach = () => {
    day.disabled = !attach.checked;
  };
  attach.addEventListener("change", syncAttach);
  syncAttach();
  body.addEventListener("input", count);
  body.addEventListener("compositionend", count);
  window.addEventListener("langchange", count);
  count();

  function count() {
    const used = charactersOf(body.value);
    const counter = $("post-count");
    counter.textContent = `${used.toLocaleString("en-US")} / ${POST_MAX.toLocaleString("en-US")}`;
    counter.dataset.over = String(used > POST_MAX);
    counter.setAttribute("aria-label", t("social.compose.counter", { count: used, max: POST_MAX }));
  }

  function bodyOf() {
    const sent = { body: clean(body.value) };
    const visibility = form.elements.visibility?.value;
    if (visibility) sent.visibility = visibility;
    if (attach.checked && day.value) sent.day = day.value;
    return sent;
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const sent = bodyOf();
    const json = JSON.stringify(sent);
    if (draft?.json !== json) draft = { key: crypto.randomUUID(), json };
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    form.setAttribute("aria-busy", "true");
    setStatus(null);
    try {
      const created = await call(path(), {
        method: "POST",
        body: sent,
        headers: { "Idempotency-Key": draft.key },
      });
      const post = await call(`/v1/posts/${encodeURIComponent(created.id)}`, { fresh: true });
      draft = null;
      clearFormProblem(form, $("compose-problem"));
      body.value = "";
      attach.checked = false;
      syncAttach();
      count();
      setStatus("social.compose.posted");
      onCreated(post);
    } catch (error) {
      if (!showFormProblem(form, $("compose-problem"), error, limitMessage(POST_MAX)))
        showFailure($("compose-problem"), error);
    } finally {
      button.disabled = false;
      form.setAttribute("aria-busy", "false");
    }
  });

  function setStatus(key) {
    const status = $("compose-status");
    if (!key) {
      delete status.dataset.i18n;
      status.textContent = "";
      return;
    }
    status.dataset.i18n = key;
    translate(status.parentElement);
  }

  return {
    enable(on) {
      form.querySelector("button[type=submit]").disabled = !on;
    },
  };
}
