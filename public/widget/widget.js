// Part of the widget bundle: workers/api/widget.ts concatenates public/widget/*.js inside one IIFE,
// after `EDGE_COACH_CONFIG` ({apiBase, allowedOrigins}) and `EDGE_COACH_STYLES` (widget.css).
// The controller: who is signed in (handed over by postMessage), and loading their interpretation
// and conversation.

const COACH_TYPES = Object.keys(TYPE_NAMES);
const RESUME_ATTEMPTS = 5;
const config = EDGE_COACH_CONFIG;
const state = { token: null, user: null, type: null, locale: localeOf(), sessionId: null };
const loaded = { interpretation: null, conversation: null };
let generation = 0; // bumped whenever the identity changes, so stale responses are dropped
let controller = new AbortController();
let busy = false;
let rateLimitedUntil = 0;

const t = (key, vars) => translate(state.locale, key, vars);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const client = createClient(config.apiBase, () => state.token);
const ui = buildShell();

const storage = {
  key: () => `edge-coach:session:${config.apiBase}:${state.user}:${state.type || "-"}`,
  get(key) {
    try {
      return localStorage.getItem(key);
    } catch {
      return null; // storage blocked: the conversation lasts until the page closes
    }
  },
  set(key, value) {
    try {
      if (value === null) localStorage.removeItem(key);
      else localStorage.setItem(key, value);
    } catch {
      // as above
    }
  },
};

/** The JWT's `sub`, read (not verified: the API does that) only to key stored sessions by user. */
function subjectOf(token) {
  try {
    const part = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(part), (c) => c.charCodeAt(0))));
    return typeof claims.sub === "string" ? claims.sub : "anonymous";
  } catch {
    return "anonymous";
  }
}

const announce = (message) => window.postMessage(message, "/");

function notice(text, kind = "error") {
  ui.notice.hidden = !text;
  ui.notice.textContent = text || "";
  ui.notice.dataset.kind = kind;
}

function refreshComposer() {
  const limited = Date.now() < rateLimitedUntil;
  ui.input.disabled = !state.token;
  ui.send.disabled = !state.token || busy || limited;
  ui.empty.hidden = !state.token || ui.log.childElementCount > 0;
  if (!state.token) notice(`${t("waiting")} ${t("waitingHint")}`, "waiting");
}

function scrollToEnd(force) {
  const s = ui.scroll;
  if (force || s.scrollHeight - s.scrollTop - s.clientHeight < 96) s.scrollTop = s.scrollHeight;
}

function problemKey(status) {
  if (status === 400 || status === 413 || status === 422) return "problemInvalid";
  if (status === 403) return "problemForbidden";
  if (status === 404) return "problemNotFound";
  return status >= 500 ? "problemServer" : "problem";
}

function showProblem(error) {
  if (error && error.name === "AbortError") return;
  if (error instanceof ApiProblem && error.status === 401) {
    state.token = null;
    loaded.interpretation = loaded.conversation = null;
    announce({ type: "edge-coach:auth-required" });
  } else if (error instanceof ApiProblem && error.status === 429) {
    const seconds = error.retryAfter;
    rateLimitedUntil = Date.now() + (seconds || 10) * 1000;
    notice(seconds ? t("rateLimited", { seconds }) : t("rateLimitedSoon"), "warn");
    setTimeout(
      () => {
        if (Date.now() >= rateLimitedUntil && ui.notice.dataset.kind === "warn") notice("");
        refreshComposer();
      },
      rateLimitedUntil - Date.now() + 50,
    );
  } else if (error instanceof ApiProblem) {
    // the server's title and detail are English, for developers: the status picks the words shown
    notice(error.upgrade ? t("upgrade") : t(problemKey(error.status), { status: error.status }));
  } else {
    // a broken stream or a bug: the user gets words, the console keeps the error
    if (!(error instanceof NetworkError)) console.warn("edge-coach widget:", error);
    notice(error instanceof NetworkError ? t("network") : t("problemServer"));
  }
  refreshComposer();
}

// ── identity ─────────────────────────────────────────────────────────────────────────────────

function onMessage(event) {
  if (event.source !== window) return;
  if (!config.allowedOrigins.includes("*") && !config.allowedOrigins.includes(event.origin)) return;
  const data = event.data;
  if (!data || typeof data !== "object" || data.type !== "edge-coach:token") return;
  const token = typeof data.token === "string" && data.token ? data.token : null;
  const user = token ? subjectOf(token) : null;
  const type = COACH_TYPES.includes(data.leadershipType) ? data.leadershipType : null;
  const locale = localeOf(data.locale);
  if (user !== state.user || type !== state.type) resetConversation();
  Object.assign(state, { token, user, type, locale });
  notice("");
  translateShell(ui, state.locale, t, state.type);
  refreshComposer();
  if (!ui.panel.hidden) void load();
}

function resetConversation() {
  generation++;
  controller.abort();
  controller = new AbortController();
  busy = false;
  state.sessionId = null;
  loaded.interpretation = loaded.conversation = null;
  ui.log.replaceChildren();
  ui.log.setAttribute("aria-busy", "false");
  ui.interp.hidden = true;
  ui.interp.open = true;
}

// ── loading ──────────────────────────────────────────────────────────────────────────────────

async function load() {
  if (!state.token) return refreshComposer();
  const gen = generation;
  const jobs = [];
  const interpKey = `${state.user}|${state.type}|${state.locale}`;
  if (state.type && loaded.interpretation !== interpKey) {
    loaded.interpretation = interpKey;
    jobs.push(loadInterpretation(gen));
  }
  if (loaded.conversation !== storage.key()) {
    loaded.conversation = storage.key();
    jobs.push(loadConversation(gen));
  }
  await Promise.all(jobs);
}

async function loadInterpretation(gen) {
  ui.interp.hidden = false;
  ui.interpChips.clear();
  ui.interpBody.setAttribute("aria-busy", "true");
  ui.interpBody.textContent = t("interpretationLoading");
  try {
    const body = { leadershipType: state.type, locale: state.locale };
    const report = await client.json("/v1/coach/interpretation", { method: "POST", body, signal: controller.signal });
    if (gen !== generation) return;
    renderText(ui.interpBody, report.interpretation);
    ui.interpChips.addAll(report.citations);
  } catch (error) {
    if (gen !== generation) return;
    loaded.interpretation = null;
    ui.interpBody.textContent = "";
    showProblem(error);
  }
  if (gen === generation) ui.interpBody.setAttribute("aria-busy", "false");
}

async function loadConversation(gen) {
  state.sessionId = storage.get(storage.key());
  if (!state.sessionId) return refreshComposer();
  ui.status.textContent = t("historyLoading");
  try {
    const items = [];
    let cursor = null;
    do {
      const query = `limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
      const path = `/v1/coach/sessions/${encodeURIComponent(state.sessionId)}/messages?${query}`;
      const page = await client.json(path, { signal: controller.signal });
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor && items.length < 1000);
    if (gen !== generation) return;
    ui.log.replaceChildren();
    if (items.length) ui.interp.open = false;
    for (const message of items) {
      const view = messageView(message.role, t);
      view.setText(message.content);
      view.citations.addAll(message.citations);
      ui.log.append(view.li);
      const unfinished = message.role === "assistant" && /^(queued|streaming)$/.test(message.status);
      view.setState(unfinished ? "streaming" : message.status);
      if (unfinished) void runTurn(view, { messageId: message.id, end: null, interrupted: true });
    }
    ui.status.textContent = "";
    refreshComposer();
    scrollToEnd(true);
  } catch (error) {
    if (gen !== generation) return;
    if (error instanceof ApiProblem && error.status === 404) {
      storage.set(storage.key(), null); // the session is gone (another device erased it, or a reset)
      state.sessionId = null;
      return refreshComposer();
    }
    loaded.conversation = null;
    showProblem(error);
  }
}
