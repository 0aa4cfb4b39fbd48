/**
 * A post's comments, read when opened: approved ones for everyone, plus the reader's own held or
 * rejected ones with their state and the rule that stopped them. Writing one says what moderation decided.
 */
import { dictionary, t, translate } from "../shared/i18n.js";
import { clean } from "../shared/text.js";
import { clearFormProblem, h, showFormProblem } from "../shared/ui.js";
import { COMMENT_MAX, charactersOf, limitMessage } from "./limits.js";
import { showFailure } from "./upgrade.js";

const PAGE = 50;

export function commentsSection(post, { call, me }) {
  let loaded = false;
  let cursor = null;
  let approved = post.commentCount;
  const path = `/v1/posts/${encodeURIComponent(post.id)}/comments`;
  const summary = h("summary", {});
  const list = h("ul", { class: "comment-list" });
  const empty = h("p", { class: "muted comments-empty", i18n: "social.comments.empty", hidden: true });
  const more = h("button", { type: "button", class: "small comments-more", i18n: "social.more", hidden: true });
  const problem = h("div", { class: "problem", role: "alert", hidden: true });
  const counter = h("span", { class: "counter" });
  const status = h("p", { class: "muted comment-status", role: "status" });
  const field = h("textarea", {
    name: "body",
    rows: "2",
    "data-max-length": String(COMMENT_MAX),
    "data-i18n-placeholder": "social.comments.placeholder",
    "data-i18n-label": "social.comments.label",
  });
  const form = h(
    "form",
    { class: "comment-form", novalidate: true },
    field,
    h(
      "div",
      { class: "form-row" },
      h("button", { type: "submit", class: "small", i18n: "social.comments.send" }),
      counter,
    ),
    status,
  );
  const details = h("details", { class: "comments" }, summary, list, empty, more, problem, form);

  const count = () => {
    const used = charactersOf(field.value);
    counter.textContent = `${used.toLocaleString("en-US")} / ${COMMENT_MAX.toLocaleString("en-US")}`;
    counter.dataset.over = String(used > COMMENT_MAX);
  };
  const showSummary = () => {
    summary.dataset.i18n = "social.comments.summary";
    summary.dataset.i18nVars = JSON.stringify({ count: approved });
    summary.textContent = t("social.comments.summary", { count: approved });
  };
  field.addEventListener("input", count);
  field.addEventListener("compositionend", count);
  count();
  showSummary();

  details.addEventListener("toggle", () => {
    if (details.open && !loaded) load(null);
  });
  more.addEventListener("click", () => load(cursor));

  async function load(after) {
    more.disabled = true;
    details.setAttribute("aria-busy", "true");
    try {
      const query = new URLSearchParams({ limit: String(PAGE) });
      if (after) query.set("cursor", after);
      const page = await call(`${path}?${query}`, { fresh: true });
      if (!after) list.replaceChildren();
      list.append(...page.items.map((c) => item(c)));
      cursor = page.nextCursor;
      loaded = true;
      problem.hidden = true;
    } catch (error) {
      showFailure(problem, error);
    } finally {
      more.disabled = false;
      more.hidden = !cursor;
      empty.hidden = !loaded || list.children.length > 0;
      details.setAttribute("aria-busy", "false");
      translate(details);
    }
  }

  function item(comment) {
    const held = comment.moderation !== "approved";
    return h(
      "li",
      { class: "comment", "data-comment-id": comment.id, "data-moderation": comment.moderation },
      h(
        "div",
        { class: "comment-head" },
        h("strong", {}, comment.authorId),
        h("time", { class: "muted", datetime: comment.createdAt, "data-format": "relative" }),
        held ? h("span", { class: "badge moderation", i18n: `social.moderation.${comment.moderation}` }) : null,
      ),
      h("p", {}, comment.body),
      held && comment.authorId === me() ? reasonOf(comment) : null,
    );
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    status.textContent = "";
    delete status.dataset.i18n;
    try {
      const created = await call(path, { method: "POST", body: { body: clean(field.value) } });
      clearFormProblem(form, problem);
      form.reset();
      count();
      if (created.moderation === "approved") approved += 1;
      showSummary();
      status.dataset.i18n = `social.comments.sent.${created.moderation}`;
      translate(form);
      await load(null);
    } catch (error) {
      if (!showFormProblem(form, problem, error, limitMessage(COMMENT_MAX))) showFailure(problem, error);
    } finally {
      button.disabled = false;
    }
  });

  return details;
}

/** Why moderation held or rejected the reader's own comment, in their language when the rule is a known one. */
function reasonOf(comment) {
  const key = `social.moderation.why.${comment.moderation}`;
  const rule = comment.moderationReason ?? "";
  const known = `social.moderation.rule.${rule}`;
  return h(
    "p",
    { class: "hint moderation-reason" },
    h("span", { i18n: key }),
    rule ? " " : null,
    rule ? (known in dictionary.en ? h("span", { i18n: known }) : h("span", { class: "mono" }, rule)) : null,
  );
}
