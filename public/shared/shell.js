/**
 * The page shell every page mounts first: the header with the brand, the sign-in control and the
 * language switch, and the navigation to every product line. It renders in a shadow root so that a
 * page's own stylesheet (the coach demo's deliberately hostile one included) cannot restyle it.
 * It also owns the document title, translated with the rest of the page.
 */
import { api } from "./api.js";
import { preferredLang, setLang, t, translate } from "./i18n.js";
import { clearSession, isExpired, loadSession, saveSession } from "./session.js";
import { clearFormProblem, clearProblem, h, showFormProblem, showProblem } from "./ui.js";

/** The product lines, in the order the navigation lists them; `href: null` is not built yet. */
const LINES = [
  { line: "dashboard", href: "/", key: "nav.dashboard" },
  { line: "retros", href: "/retros/", key: "nav.retros" },
  { line: "lifelog", href: "/lifelog/", key: "nav.lifelog" },
  { line: "social", href: "/social/", key: "nav.social" },
  { line: "coach", href: "/coach-demo/", key: "nav.coach" },
  { line: "recs", href: "/recs/", key: "nav.recs" },
  { line: "interview", href: "/interview/", key: "nav.interview" },
  { line: "account", href: "/account/", key: "nav.account" },
  { line: "docs", href: "/docs", key: "nav.docs" },
];
const DEMO_USERS = ["demo-ko", "demo-en", "demo-admin"];

/**
 * Mounts the shell at the top of <body>. `line` marks the current page in the navigation;
 * `titleKey` is the document title; `account: false` leaves the sign-in control out (the coach
 * demo plays a partner site with a sign-in of its own). Returns `{session, onSession(fn)}`.
 */
export function mountShell({ line, titleKey, account = true }) {
  const host = h("div", { id: "shell", "data-line": line });
  document.body.prepend(host);
  const root = host.attachShadow({ mode: "open" });
  const nav = navigation(line);
  const accountArea = account ? signInControl() : null;
  const styles = h("link", { rel: "stylesheet", href: "/shared/shell.css" });
  // widths are known once the styles apply: only then can the current line be scrolled into view
  styles.addEventListener("load", () => nav.watch());
  root.append(
    styles,
    h("a", { class: "skip", href: "#main", i18n: "skip" }),
    h(
      "header",
      { class: "bar" },
      h("a", { class: "brand", href: "/" }, h("span", { class: "logo", "aria-hidden": "true" }), "Edge Coach"),
      h("p", { class: "tagline", i18n: "app.tagline" }),
      accountArea?.element ?? null,
      languageSwitch(),
    ),
    nav.element,
  );

  const listeners = [];
  let session = loadSession();
  if (session && isExpired(session)) {
    // cleared before anyone listens; the note says why the user is signed out
    clearSession();
    session = null;
    accountArea?.note("auth.expired");
  }
  window.addEventListener("sessionchange", (event) => {
    session = event.detail.session;
    accountArea?.render(session);
    for (const fn of listeners) fn(session);
  });
  window.addEventListener("langchange", () => {
    translate(root);
    document.title = t(titleKey);
  });
  setLang(preferredLang());
  accountArea?.render(session);

  return {
    get session() {
      return session;
    },
    /** Calls `fn(session | null)` now and whenever someone signs in or out. */
    onSession(fn) {
      listeners.push(fn);
      fn(session);
    },
  };
}

function navigation(current) {
  const list = h(
    "ul",
    {},
    LINES.map(({ line, href, key }) =>
      h(
        "li",
        { "data-line": line },
        href
          ? h("a", { href, i18n: key, "aria-current": line === current ? "page" : null })
          : h(
              "span",
              { class: "later" },
              h("span", { i18n: key }),
              " ",
              h("span", { class: "soon", i18n: "nav.soon" }),
            ),
      ),
    ),
  );
  const element = h("nav", { class: "lines", "data-i18n-label": "nav.label" }, list);
  /** On a narrow screen the list scrolls sideways; a fading edge shows on each side there is more. */
  function edges() {
    const more = list.scrollWidth - list.clientWidth;
    element.dataset.moreStart = String(list.scrollLeft > 1);
    element.dataset.moreEnd = String(more - list.scrollLeft > 1);
  }
  return {
    element,
    watch() {
      list.addEventListener("scroll", edges, { passive: true });
      new ResizeObserver(edges).observe(list);
      const here = list.querySelector('[aria-current="page"]')?.parentElement;
      if (here) list.scrollLeft = here.offsetLeft - (list.clientWidth - here.offsetWidth) / 2;
      edges();
    },
  };
}

function languageSwitch() {
  const group = h(
    "div",
    { class: "lang", role: "group", "data-i18n-label": "lang.label" },
    h("button", { type: "button", "data-set-lang": "en" }, "English"),
    h("button", { type: "button", "data-set-lang": "ko", lang: "ko" }, "한국어"),
  );
  for (const button of group.querySelectorAll("button"))
    button.addEventListener("click", () => setLang(button.dataset.setLang));
  window.addEventListener("langchange", ({ detail: { lang } }) => {
    for (const button of group.querySelectorAll("button"))
      button.setAttribute("aria-pressed", String(button.dataset.setLang === lang));
  });
  return group;
}

/** The one sign-in control: user id and role in, then who is signed in and "Sign out". */
function signInControl() {
  const form = h(
    "form",
    { id: "signin-form", class: "signin", novalidate: true },
    h("label", { for: "userId", class: "visually-hidden", i18n: "auth.userId" }),
    h("input", {
      id: "userId",
      name: "userId",
      required: true,
      maxlength: 128,
      autocomplete: "username",
      spellcheck: "false",
      list: "demo-users",
      "data-i18n-placeholder": "auth.userId",
    }),
    h(
      "datalist",
      { id: "demo-users" },
      DEMO_USERS.map((id) => h("option", { value: id })),
    ),
    h("label", { for: "role", class: "visually-hidden", i18n: "auth.role" }),
    h(
      "select",
      { id: "role", name: "role" },
      h("option", { value: "user", i18n: "auth.role.user" }),
      h("option", { value: "admin", i18n: "auth.role.admin" }),
    ),
    h("button", { type: "submit", class: "primary", i18n: "auth.signIn" }),
  );
  const signOut = h("button", { type: "button", id: "sign-out", i18n: "auth.signOut" });
  const who = h(
    "div",
    { id: "who", class: "who", hidden: true },
    h("span", { class: "label", i18n: "auth.signedInAs" }),
    h("strong", { id: "who-user" }),
    h("span", { class: "badge", id: "who-role" }),
    signOut,
  );
  const problem = h("div", { id: "signin-problem", class: "problem", role: "alert", hidden: true });
  const element = h("div", { class: "account" }, form, who, problem);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      const body = { userId: form.elements.userId.value.trim(), role: form.elements.role.value };
      const issued = await api("/v1/auth/token", { method: "POST", body });
      clearFormProblem(form, problem);
      saveSession(issued);
    } catch (error) {
      // a production server has no token route: say so instead of "not found"
      if (error?.problem?.status === 404) showProblem(problem, { problem: { titleKey: "auth.unavailable" } });
      else showFormProblem(form, problem, error);
    } finally {
      button.disabled = false;
    }
  });
  signOut.addEventListener("click", () => {
    clearSession();
    form.elements.userId.focus();
  });

  return {
    element,
    render(session) {
      form.hidden = Boolean(session);
      who.hidden = !session;
      if (!session) return;
      clearProblem(problem);
      who.querySelector("#who-user").textContent = session.userId;
      who.querySelector("#who-role").dataset.i18n = `auth.role.${session.role === "admin" ? "admin" : "user"}`;
      translate(who);
    },
    note(key) {
      showProblem(problem, { problem: { titleKey: key } });
    },
  };
}
