// Part of the widget bundle: workers/api/widget.ts concatenates public/widget/*.js inside one IIFE.
// Puts the widget on the page (once, however many times the tag is included) and wires its controls.

const OPEN_KEY = `edge-coach:open:${config.apiBase}`;
let host = null;

function remember(open) {
  try {
    if (open) sessionStorage.setItem(OPEN_KEY, "1");
    else sessionStorage.removeItem(OPEN_KEY);
  } catch {
    // storage blocked: the panel just starts closed after a reload
  }
}

function openPanel(focus) {
  ui.panel.hidden = false;
  ui.root.dataset.open = "true";
  ui.launcher.setAttribute("aria-expanded", "true");
  remember(true);
  refreshComposer();
  void load();
  if (focus) (ui.input.disabled ? ui.close : ui.input).focus();
}

function closePanel() {
  const focusInside = host.shadowRoot.activeElement !== null;
  ui.panel.hidden = true;
  delete ui.root.dataset.open;
  ui.launcher.setAttribute("aria-expanded", "false");
  remember(false);
  if (focusInside) ui.launcher.focus();
}

function autosize() {
  ui.input.style.height = "auto";
  ui.input.style.height = `${Math.min(ui.input.scrollHeight, 140)}px`;
}

function wire() {
  ui.launcher.addEventListener("click", () => (ui.panel.hidden ? openPanel(true) : closePanel()));
  ui.close.addEventListener("click", closePanel);
  ui.panel.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.stopPropagation();
      closePanel();
    }
  });
  ui.newChat.addEventListener("click", () => {
    storage.set(storage.key(), null);
    resetConversation();
    refreshComposer();
    void load();
    if (!ui.input.disabled) ui.input.focus();
  });
  ui.form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!ui.send.disabled) void ask(ui.input.value.trim()).then(autosize);
  });
  ui.input.addEventListener("keydown", (event) => {
    // Enter inside an IME composition (Korean) confirms the syllable; it must not send
    if (event.key !== "Enter" || event.shiftKey || event.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    ui.form.requestSubmit();
  });
  ui.input.addEventListener("input", autosize);
  ui.suggestions.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-question]");
    if (button && !ui.send.disabled) void ask(button.dataset.question);
  });
}

function start() {
  host = document.createElement("edge-coach-widget");
  const shadow = host.attachShadow({ mode: "open" });
  if (
    "adoptedStyleSheets" in shadow &&
    typeof CSSStyleSheet === "function" &&
    "replaceSync" in CSSStyleSheet.prototype
  ) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(EDGE_COACH_STYLES);
    shadow.adoptedStyleSheets = [sheet];
  } else {
    const style = document.createElement("style");
    style.textContent = EDGE_COACH_STYLES;
    shadow.append(style);
  }
  shadow.append(ui.root);
  translateShell(ui, state.locale, t, state.type);
  refreshComposer();
  wire();
  window.addEventListener("message", onMessage);
  const attach = () => document.body.append(host);
  if (document.body) attach();
  else document.addEventListener("DOMContentLoaded", attach, { once: true });
  Object.defineProperty(window, "EdgeCoach", {
    value: Object.freeze({ version: "1", open: () => openPanel(true), close: () => closePanel() }),
  });
  try {
    if (sessionStorage.getItem(OPEN_KEY)) openPanel(false);
  } catch {
    // storage blocked
  }
  // a page that signed in before this async script ran sends its token again on this cue
  announce({ type: "edge-coach:ready" });
}

if (!window.EdgeCoach) start();
