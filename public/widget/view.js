// Part of the widget bundle: workers/api/widget.ts concatenates public/widget/*.js inside one IIFE.
// The DOM: built with createElement and textContent only (answers are model output, never HTML).

const ICONS = {
  chat: '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v8a2.5 2.5 0 0 1-2.5 2.5H10l-4.2 3.6c-.5.4-1.3.1-1.3-.6V16A2.5 2.5 0 0 1 4 13.5z"/></svg>',
  close:
    '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M6 6l12 12M18 6 6 18" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/></svg>',
  plus: '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 5v14M5 12h14" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/></svg>',
  send: '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4.4 11.1 18.6 4.6c.8-.4 1.6.4 1.3 1.2l-6.1 14.3c-.4.9-1.6.8-1.9-.1l-1.6-5.2-5.3-1.8c-.9-.3-.9-1.5-.1-1.9z"/></svg>',
  doc: '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M7 3h7l5 5v12a1 1 0 0 1-1 1H7a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1zm7 1.5V8h3.5" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round"/></svg>',
};

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === "class") el.className = value;
    else if (name === "html")
      el.innerHTML = ICONS[value]; // constant markup only
    else el.setAttribute(name, value === true ? "" : String(value));
  }
  el.append(...children.filter((c) => c !== null && c !== undefined));
  return el;
}

/** Plain text with `**bold**` runs; line breaks are kept by `white-space: pre-line`. */
function renderText(el, text) {
  el.replaceChildren(
    ...text
      .split(/(\*\*[^*\n]+\*\*)/)
      .filter(Boolean)
      .map((part) =>
        /^\*\*[^*\n]+\*\*$/.test(part) ? h("strong", {}, part.slice(2, -2)) : document.createTextNode(part),
      ),
  );
}

function citationChips(label) {
  const seen = new Set();
  const el = h("ul", { class: "chips", "aria-label": label, hidden: true });
  return {
    el,
    add(citation) {
      if (!citation || typeof citation.source !== "string") return;
      const key = `${citation.source}#${citation.section || ""}`;
      if (seen.has(key)) return;
      seen.add(key);
      const text = citation.section ? `${citation.title} · ${citation.section}` : String(citation.title || "");
      el.append(h("li", { class: "chip", title: citation.source }, h("span", { html: "doc" }), h("span", {}, text)));
      el.hidden = false;
    },
    addAll(citations) {
      for (const c of citations || []) this.add(c);
    },
    clear() {
      seen.clear();
      el.replaceChildren();
      el.hidden = true;
    },
  };
}

/** One chat bubble; assistant bubbles can stream (`aria-busy` until the answer is complete). */
function messageView(role, t) {
  const text = h("div", { class: "text" });
  const bubble = h(
    "div",
    { class: "bubble" },
    h("span", { class: "sr-only" }, `${t(role === "user" ? "you" : "coach")}: `),
    text,
  );
  const chips = citationChips(t("sources"));
  const note = h("p", { class: "note", hidden: true });
  const li = h("li", { class: `msg msg-${role}` }, bubble, chips.el, note);
  let content = "";
  return {
    li,
    get text() {
      return content;
    },
    setText(value) {
      content = value;
      renderText(text, value);
    },
    append(value) {
      this.setText(content + value);
    },
    citations: chips,
    setState(state) {
      li.dataset.state = state;
      li.setAttribute("aria-busy", String(state === "thinking" || state === "streaming"));
      if (state === "thinking" && !content)
        text.replaceChildren(
          h("span", { class: "dots", "aria-hidden": "true" }, h("i"), h("i"), h("i")),
          h("span", { class: "sr-only" }, t("thinking")),
        );
      note.hidden = state !== "failed" && state !== "interrupted";
      note.textContent = state === "failed" ? t("failed") : state === "interrupted" ? t("interrupted") : "";
    },
  };
}

function buildShell() {
  const r = {};
  r.launcherLabel = h("span", { class: "launcher-label" });
  r.launcher = h(
    "button",
    { class: "launcher", type: "button", "aria-expanded": "false", "aria-controls": "ec-panel" },
    h("span", { class: "icon", html: "chat" }),
    r.launcherLabel,
  );
  r.title = h("h2", { id: "ec-title", class: "title" });
  r.subtitle = h("p", { class: "subtitle" });
  r.newChat = h("button", { class: "icon-button", type: "button", html: "plus" });
  r.close = h("button", { class: "icon-button", type: "button", html: "close" });
  r.notice = h("div", { class: "notice", role: "status", hidden: true });
  r.interpTitle = h("span", {});
  r.interpBody = h("div", { class: "interp-body", "aria-live": "polite" });
  r.interpChips = citationChips("");
  r.interp = h(
    "details",
    { class: "interp", open: true, hidden: true },
    h("summary", {}, r.interpTitle),
    r.interpBody,
    r.interpChips.el,
  );
  r.emptyText = h("p", {});
  r.suggestions = h("ul", { class: "suggestions" });
  r.empty = h("div", { class: "empty" }, r.emptyText, r.suggestions);
  r.log = h("ol", { class: "log", role: "log", "aria-live": "polite", "aria-labelledby": "ec-title" });
  r.scroll = h("div", { class: "scroll" }, r.interp, r.empty, r.log);
  r.inputLabel = h("label", { class: "sr-only", for: "ec-input" });
  r.input = h("textarea", { id: "ec-input", rows: "1", maxlength: "4000", autocomplete: "off" });
  r.send = h("button", { class: "send", type: "submit", html: "send" });
  r.form = h("form", { class: "composer" }, r.inputLabel, r.input, r.send);
  r.status = h("p", { class: "sr-only", role: "status" });
  r.panel = h(
    "section",
    { class: "panel", id: "ec-panel", role: "dialog", "aria-labelledby": "ec-title", hidden: true },
    h(
      "header",
      { class: "head" },
      h("span", { class: "avatar", html: "chat" }),
      h("div", { class: "head-text" }, r.title, r.subtitle),
      r.newChat,
      r.close,
    ),
    r.notice,
    r.scroll,
    r.form,
    r.status,
  );
  r.root = h("div", { class: "ec" }, r.launcher, r.panel);
  return r;
}

function translateShell(r, locale, t, type) {
  r.root.lang = locale;
  r.launcher.setAttribute("aria-label", t("open"));
  r.launcherLabel.textContent = t("launcher");
  r.title.textContent = t("title");
  r.subtitle.textContent = type ? t("yourStyle", { type: typeName(type, locale) }) : t("subtitle");
  r.newChat.setAttribute("aria-label", t("newChat"));
  r.newChat.title = t("newChat");
  r.close.setAttribute("aria-label", t("close"));
  r.close.title = t("close");
  r.interpTitle.textContent = type ? t("interpretationTitle", { type: typeName(type, locale) }) : "";
  r.interpChips.el.setAttribute("aria-label", t("sources"));
  r.emptyText.textContent = t("empty");
  r.suggestions.replaceChildren(
    ...STRINGS[locale].suggestions.map((text) =>
      h("li", {}, h("button", { type: "button", class: "suggestion", "data-question": text }, text)),
    ),
  );
  r.inputLabel.textContent = t("inputLabel");
  r.input.placeholder = t("placeholder");
  r.send.setAttribute("aria-label", t("send"));
}
