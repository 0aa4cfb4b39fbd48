/** The communities list of the feed page (title, members, Pro badge, the reader's role) and the form that creates one. */
import { translate } from "../shared/i18n.js";
import { clean } from "../shared/text.js";
import { clearFormProblem, clearProblem, h, showFormProblem } from "../shared/ui.js";
import { showFailure } from "./upgrade.js";

const $ = (id) => document.getElementById(id);

/** "1 member", "2 members": the one plural the pages need. */
export const membersKey = (count) => (count === 1 ? "social.community.members.one" : "social.community.members");

export const communityHref = (id) => `/social/community.html?id=${encodeURIComponent(id)}`;

export function createCommunities({ call }) {
  const form = $("community-form");
  let cursor = null;

  $("communities-more").addEventListener("click", () => load(cursor));

  async function load(after = null) {
    const card = $("communities-card");
    card.setAttribute("aria-busy", "true");
    $("communities-more").disabled = true;
    try {
      const query = new URLSearchParams({ limit: "20" });
      if (after) query.set("cursor", after);
      const page = await call(`/v1/communities?${query}`, { fresh: true });
      if (!after) $("communities").replaceChildren();
      $("communities").append(...page.items.map(item));
      cursor = page.nextCursor;
      clearProblem($("communities-problem"));
      $("communities-empty").hidden = $("communities").children.length > 0;
    } catch (error) {
      showFailure($("communities-problem"), error);
    } finally {
      $("communities-more").disabled = false;
      $("communities-more").hidden = !cursor;
      card.setAttribute("aria-busy", "false");
      translate(card);
    }
  }

  function item(community) {
    return h(
      "li",
      { class: "community", "data-community-id": community.id, "data-pro": String(community.proOnly) },
      h("a", { href: communityHref(community.id) }, community.title),
      h(
        "span",
        { class: "community-facts" },
        h("span", { class: "muted", i18n: membersKey(community.memberCount), vars: { count: community.memberCount } }),
        community.proOnly ? h("span", { class: "badge pro", i18n: "social.community.pro" }) : null,
        community.myRole ? h("span", { class: "badge", i18n: `social.role.${community.myRole}` }) : null,
      ),
    );
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    const body = { title: clean(form.elements.title.value), proOnly: form.elements.proOnly.checked };
    const description = clean(form.elements.description.value);
    if (description) body.description = description;
    try {
      const created = await call("/v1/communities", { method: "POST", body });
      clearFormProblem(form, $("community-problem"));
      form.reset();
      location.assign(communityHref(created.id));
    } catch (error) {
      if (!showFormProblem(form, $("community-problem"), error)) showFailure($("community-problem"), error);
    } finally {
      button.disabled = false;
    }
  });

  return {
    load: () => load(null),
    reset() {
      $("communities").replaceChildren();
      cursor = null;
      clearProblem($("communities-problem"));
    },
  };
}
