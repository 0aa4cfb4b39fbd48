/**
 * One post as an article: author (follow/unfollow), visibility, text, its timeline snapshot, the three
 * reactions with their counts, and its comments. Both the feed and a community's posts use it.
 */
import { t, translate } from "../shared/i18n.js";
import { clearProblem, h, showProblem } from "../shared/ui.js";
import { commentsSection } from "./comments.js";
import { snapshotFigure } from "./snapshot.js";

export const REACTIONS = ["like", "cheer", "insight"];
// drawn from the common text fonts: an emoji font is not there on every system
const ICONS = { like: "♥", cheer: "★", insight: "✦" };

/**
 * `me()` is the signed-in user id; `onDeleted(id)` takes a deleted or removed post off its list;
 * `moderates(post)` says whether the reader may remove it from its community (owners and moderators).
 * Whom the user follows is not something the API lists, so the page knows only what it followed or
 * unfollowed itself, and whom a followers-only post shows it follows.
 */
export function createPostView({ call, me, onDeleted, moderates = () => false }) {
  const following = new Map();

  function render(post) {
    const mine = post.authorId === me();
    // a followers-only post of someone else reaches only their followers: the reader follows them
    if (!mine && post.visibility === "followers" && !following.has(post.authorId)) remember(post.authorId, true);
    const problem = h("div", { class: "problem", role: "alert", hidden: true });
    const article = h(
      "article",
      {
        class: "post",
        id: `post-${post.id}`,
        "data-post-id": post.id,
        "data-author": post.authorId,
        "data-visibility": post.visibility,
      },
      h(
        "header",
        { class: "post-head" },
        h("strong", { class: "author" }, post.authorId),
        post.communityId ? null : h("span", { class: "badge", i18n: `social.visibility.${post.visibility}` }),
        h("time", { class: "muted", datetime: post.createdAt, "data-format": "relative" }),
        mine ? deleteButton(post, problem) : followButton(post.authorId, problem),
        !mine && post.communityId && moderates(post) ? removeButton(post, problem) : null,
      ),
      h("p", { class: "post-body" }, post.body),
      snapshotFigure(post.snapshot),
      h(
        "div",
        { class: "reactions", role: "group", "data-i18n-label": "social.reactions" },
        REACTIONS.map((type) => reactionButton(post, type, problem)),
      ),
      problem,
      commentsSection(post, { call, me }),
    );
    translate(article);
    return article;
  }

  function reactionButton(post, type, problem) {
    let count = post.reactions[type] ?? 0;
    let pressed = post.myReactions.includes(type);
    const counter = h("span", { class: "count" });
    const button = h(
      "button",
      { type: "button", class: "reaction small", "data-type": type },
      h("span", { "aria-hidden": "true" }, ICONS[type]),
      " ",
      h("span", { i18n: `social.reaction.${type}` }),
      " ",
      counter,
    );
    const show = () => {
      button.setAttribute("aria-pressed", String(pressed));
      counter.textContent = String(count);
    };
    show();
    button.addEventListener("click", async () => {
      button.disabled = true;
      try {
        const path = `/v1/posts/${encodeURIComponent(post.id)}/reactions`;
        const result = pressed
          ? await call(`${path}/${type}`, { method: "DELETE" })
          : await call(path, { method: "POST", body: { type } });
        count = result.count;
        pressed = result.reacted;
        clearProblem(problem);
      } catch (error) {
        showProblem(problem, error);
      } finally {
        button.disabled = false;
        show();
      }
    });
    return button;
  }

  function followButton(authorId, problem) {
    const button = h("button", { type: "button", class: "follow small", "data-follow": authorId });
    showFollow(button, following.get(authorId) ?? false);
    button.addEventListener("click", async () => {
      const now = following.get(authorId) ?? false;
      button.disabled = true;
      try {
        const result = await call(`/v1/follows/${encodeURIComponent(authorId)}`, { method: now ? "DELETE" : "POST" });
        remember(authorId, result?.following ?? !now);
        clearProblem(problem);
      } catch (error) {
        showProblem(problem, error);
      } finally {
        button.disabled = false;
      }
    });
    return button;
  }

  /** Every post of the author on the page shows the same state. */
  function remember(authorId, on) {
    following.set(authorId, on);
    for (const button of document.querySelectorAll(`button.follow[data-follow="${CSS.escape(authorId)}"]`))
      showFollow(button, on);
  }

  function showFollow(button, on) {
    button.setAttribute("aria-pressed", String(on));
    button.dataset.i18n = on ? "social.follow.following" : "social.follow.follow";
    button.dataset.i18nVars = JSON.stringify({ user: button.dataset.follow });
    button.textContent = t(button.dataset.i18n, { user: button.dataset.follow });
  }

  function deleteButton(post, problem) {
    const button = h("button", { type: "button", class: "delete small", i18n: "social.post.delete" });
    button.addEventListener("click", async () => {
      if (!confirm(t("social.post.deleteConfirm"))) return;
      button.disabled = true;
      try {
        await call(`/v1/posts/${encodeURIComponent(post.id)}`, { method: "DELETE" });
        onDeleted?.(post.id);
      } catch (error) {
        showProblem(problem, error);
        button.disabled = false;
      }
    });
    return button;
  }

  function removeButton(post, problem) {
    const button = h("button", { type: "button", class: "remove small", i18n: "social.post.remove" });
    button.addEventListener("click", async () => {
      if (!confirm(t("social.post.removeConfirm"))) return;
      button.disabled = true;
      try {
        const path = `/v1/communities/${encodeURIComponent(post.communityId)}/posts/${encodeURIComponent(post.id)}`;
        await call(path, { method: "DELETE" });
        onDeleted?.(post.id);
      } catch (error) {
        showProblem(problem, error);
        button.disabled = false;
      }
    });
    return button;
  }

  return {
    render,
    /** Another user signed in: what this one followed says nothing about them. */
    forget: () => following.clear(),
  };
}
