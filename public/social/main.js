/** The social feed page: compose, the feed with reactions and comments, communities, label follows. */
import { api } from "../shared/api.js";
import { mountShell } from "../shared/shell.js";
import { createCommunities } from "./communities.js";
import { createComposer } from "./compose.js";
import { createLabelFollows } from "./labels.js";
import { createPostList } from "./list.js";
import { createPostView } from "./post.js";

const $ = (id) => document.getElementById(id);

const shell = mountShell({ line: "social", titleKey: "social.pageTitle" });
let session = null;

const call = (path, options = {}) => api(path, { ...options, token: session?.token });

const view = createPostView({ call, me: () => session?.userId, onDeleted: (id) => feed.remove(id) });
const feed = createPostList({
  call,
  view,
  path: () => "/v1/feed",
  els: {
    card: $("feed-card"),
    list: $("feed"),
    empty: $("feed-empty"),
    loading: $("feed-loading"),
    more: $("feed-more"),
    problem: $("feed-problem"),
  },
});
createComposer({ call, path: () => "/v1/posts", onCreated: (post) => feed.prepend(post) });
const communities = createCommunities({ call });
createLabelFollows({ call, onChange: () => feed.load() });

$("feed-refresh").addEventListener("click", () => feed.load());

shell.onSession((next) => {
  session = next;
  view.forget();
  feed.reset();
  communities.reset();
  $("signed-out-note").hidden = Boolean(session);
  $("workspace").hidden = !session;
  if (!session) return;
  feed.load();
  communities.load();
});
