/** One community: its title, members and the reader's role, join/leave, its posts and its challenges' leaderboards. */
import { ProblemError, api } from "../shared/api.js";
import { t, translate } from "../shared/i18n.js";
import { mountShell } from "../shared/shell.js";
import { clearProblem, showProblem } from "../shared/ui.js";
import { createChallenges } from "./challenges.js";
import { membersKey } from "./communities.js";
import { createComposer } from "./compose.js";
import { createPostList } from "./list.js";
import { createPostView } from "./post.js";
import { needsUpgrade, showFailure } from "./upgrade.js";

const $ = (id) => document.getElementById(id);

const shell = mountShell({ line: "social", titleKey: "social.community.pageTitle" });
const communityId = new URLSearchParams(location.search).get("id") ?? "";
let session = null;
let community = null;
// the newest read of the community wins: a join's reload may overtake the page's first read
let loads = 0;

const call = (path, options = {}) => api(path, { ...options, token: session?.token });
const base = () => `/v1/communities/${encodeURIComponent(communityId)}`;

const view = createPostView({
  call,
  me: () => session?.userId,
  onDeleted: (id) => posts.remove(id),
  moderates: () => community?.myRole === "owner" || community?.myRole === "moderator",
});
const posts = createPostList({
  call,
  view,
  path: () => `${base()}/posts`,
  els: {
    card: $("posts-card"),
    list: $("posts"),
    empty: $("posts-empty"),
    loading: $("posts-loading"),
    more: $("posts-more"),
    problem: $("posts-problem"),
  },
  onFailure: (error) => {
    if (needsUpgrade(error)) locked(error);
  },
});
const challenges = createChallenges({ call, communityId: () => communityId, me: () => session?.userId });
createComposer({ call, path: () => `${base()}/posts`, onCreated: (post) => posts.prepend(post) });

$("join").addEventListener("click", () => membership("join"));
$("leave").addEventListener("click", () => membership("leave"));
window.addEventListener("langchange", () => community && draw());

shell.onSession((next) => {
  session = next;
  view.forget();
  community = null;
  posts.reset();
  challenges.reset();
  $("signed-out-note").hidden = Boolean(session);
  $("workspace").hidden = !session;
  if (session) load();
});

async function load() {
  const mine = ++loads;
  const card = $("community-card");
  card.setAttribute("aria-busy", "true");
  $("community-loading").hidden = false;
  clearProblem($("community-problem"));
  try {
    if (!communityId) throw new ProblemError({ status: 404, type: "not-found" });
    const answer = await call(base(), { fresh: true });
    if (mine !== loads) return;
    community = answer;
    draw();
    $("community-body").hidden = false;
    await Promise.all([posts.load(), challenges.load()]);
  } catch (error) {
    if (mine !== loads) return;
    $("community-body").hidden = true;
    if (needsUpgrade(error)) locked(error);
    else showProblem($("community-problem"), error);
  } finally {
    if (mine === loads) {
      $("community-loading").hidden = true;
      card.setAttribute("aria-busy", "false");
    }
  }
}

function draw() {
  $("community-title").textContent = community.title;
  document.title = `${t("social.community.pageTitle")} · ${community.title}`;
  $("community-description").textContent = community.description ?? "";
  $("community-description").hidden = !community.description;
  $("community-pro").hidden = !community.proOnly;
  const members = $("community-members");
  members.dataset.i18n = membersKey(community.memberCount);
  members.dataset.i18nVars = JSON.stringify({ count: community.memberCount });
  const role = $("community-role");
  role.hidden = !community.myRole;
  if (community.myRole) role.dataset.i18n = `social.role.${community.myRole}`;
  $("join").hidden = Boolean(community.myRole);
  // an owner hands the community over before leaving it; the page does not offer a leave that would orphan it
  $("leave").hidden = !community.myRole || community.myRole === "owner";
  $("compose-card").hidden = !community.myRole;
  translate($("community-card"));
}

/** A Free member at a Pro-only community: the upgrade prompt instead of posts they may not read. */
function locked(error) {
  $("community-body").hidden = true;
  $("join").hidden = true;
  showFailure($("community-problem"), error, "social.upgrade.community");
}

async function membership(action) {
  const button = $(action);
  button.disabled = true;
  try {
    await call(`${base()}/${action}`, { method: "POST" });
    clearProblem($("community-problem"));
    posts.reset();
    challenges.reset();
    await load();
  } catch (error) {
    if (needsUpgrade(error)) locked(error);
    else showProblem($("community-problem"), error);
  } finally {
    button.disabled = false;
  }
}
