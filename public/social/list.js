/**
 * A cursor-paged list of posts (the feed, a community's posts). "More" fetches the next page, and so
 * does scrolling it into view; a post already shown is not shown twice when pages overlap.
 */
import { translate } from "../shared/i18n.js";
import { clearProblem } from "../shared/ui.js";
import { retimeSnapshots } from "./snapshot.js";
import { showFailure } from "./upgrade.js";

const PAGE = 10;

/** `els`: {card, list, empty, loading, more, problem} elements; `path`: the list's route; `view`: createPostView(). */
export function createPostList({ els, path, call, view, onFailure }) {
  let cursor = null;
  let loaded = false;
  let busy = false;
  let generation = 0;
  const shown = new Set();

  els.more.addEventListener("click", () => page());
  // the button doubles as the sentinel of "infinite" scrolling; it stays for keyboards and screen readers
  new IntersectionObserver((entries) => {
    if (entries.some((e) => e.isIntersecting) && cursor && !busy) page();
  }).observe(els.more);
  window.addEventListener("langchange", () => retimeSnapshots(els.list));

  async function page(first = false) {
    const mine = first ? ++generation : generation;
    busy = true;
    els.more.disabled = true;
    els.card.setAttribute("aria-busy", "true");
    els.loading.hidden = false;
    try {
      const query = new URLSearchParams({ limit: String(PAGE) });
      if (!first && cursor) query.set("cursor", cursor);
      const data = await call(`${path()}?${query}`, { fresh: true });
      if (mine !== generation) return;
      if (first) {
        shown.clear();
        els.list.replaceChildren();
      }
      for (const post of data.items) {
        if (shown.has(post.id)) continue;
        shown.add(post.id);
        els.list.append(view.render(post));
      }
      cursor = data.nextCursor;
      loaded = true;
      clearProblem(els.problem);
    } catch (error) {
      if (mine !== generation) return;
      if (first) cursor = null;
      showFailure(els.problem, error);
      onFailure?.(error);
    } finally {
      if (mine === generation) {
        busy = false;
        els.more.disabled = false;
        els.more.hidden = !cursor;
        els.empty.hidden = !loaded || els.list.children.length > 0;
        els.loading.hidden = true;
        els.card.setAttribute("aria-busy", "false");
        translate(els.empty);
      }
    }
  }

  return {
    load: () => page(true),
    /** Puts a post the user just wrote at the top. */
    prepend(post) {
      if (shown.has(post.id)) return;
      shown.add(post.id);
      els.list.prepend(view.render(post));
      els.empty.hidden = true;
    },
    remove(id) {
      document.getElementById(`post-${id}`)?.remove();
      els.empty.hidden = !loaded || els.list.children.length > 0;
    },
    reset() {
      generation += 1;
      cursor = null;
      loaded = false;
      busy = false;
      shown.clear();
      els.list.replaceChildren();
      els.more.hidden = true;
      els.empty.hidden = true;
      clearProblem(els.problem);
    },
  };
}
