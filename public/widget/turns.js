// Part of the widget bundle: workers/api/widget.ts concatenates public/widget/*.js inside one IIFE.
// One question and its answer: sent with `Accept: text/event-stream`, painted as tokens arrive, and
// resumed from the characters already shown if the connection drops.

async function ensureSession() {
  if (state.sessionId) return state.sessionId;
  const body = state.type ? { leadershipType: state.type } : {};
  const { id } = await client.json("/v1/coach/sessions", { method: "POST", body, signal: controller.signal });
  state.sessionId = id;
  storage.set(storage.key(), id);
  return id;
}

/** Applies one chunk's events; a chunk repaints once, so tokens show as they arrive. */
function consume(view, turn) {
  return (events) => {
    let text = "";
    for (const { event, data } of events) {
      if (event === "message") turn.messageId = String(data.messageId);
      else if (event === "token" && typeof data.text === "string") text += data.text;
      else if (event === "citation") view.citations.add(data);
      else if (event === "done" || event === "failed") turn.end = event;
    }
    if (text) view.append(text);
    view.setState(turn.end || (view.text ? "streaming" : "thinking"));
    scrollToEnd(false);
  };
}

/** Streams a turn to its end; a dropped connection resumes from the characters already shown. */
async function runTurn(view, turn, response) {
  const gen = generation;
  const sessionId = state.sessionId;
  busy = true;
  refreshComposer();
  ui.status.textContent = t("answering");
  // the log is a live region: busy while tokens arrive, so the answer is read once it is complete
  ui.log.setAttribute("aria-busy", "true");
  for (let attempt = 0; !turn.end && gen === generation && attempt <= RESUME_ATTEMPTS; attempt++) {
    try {
      if (!response) {
        await sleep(turn.interrupted && attempt === 0 ? 0 : Math.min(8000, 400 * 2 ** attempt));
        const path = `/v1/coach/sessions/${sessionId}/messages/${turn.messageId}/stream?offset=${view.text.length}`;
        response = await client.request(path, { accept: "text/event-stream", signal: controller.signal });
      }
      await readEvents(response, consume(view, turn));
    } catch (error) {
      if (gen !== generation || (error instanceof ApiProblem && error.status !== 429 && error.status < 500)) {
        showProblem(error);
        break;
      }
    }
    response = null;
    if (!turn.end && turn.messageId) view.setState("interrupted");
    if (!turn.messageId) break; // the server never confirmed the question: nothing to resume
  }
  if (gen !== generation) return;
  if (!turn.end) view.setState("failed");
  busy = false;
  ui.log.setAttribute("aria-busy", "false");
  ui.status.textContent = turn.end === "done" ? t("answered") : t("failed");
  refreshComposer();
}

async function ask(question) {
  if (busy || !state.token || !question) return;
  notice("");
  const gen = generation;
  const mine = messageView("user", t);
  mine.setText(question);
  const view = messageView("assistant", t);
  view.setState("thinking");
  ui.log.append(mine.li, view.li);
  ui.input.value = "";
  busy = true;
  refreshComposer();
  scrollToEnd(true);
  try {
    const path = () => `/v1/coach/sessions/${encodeURIComponent(state.sessionId)}/messages`;
    const send = async () =>
      client.request(path(), {
        method: "POST",
        body: { content: question },
        accept: "text/event-stream",
        signal: controller.signal,
      });
    await ensureSession();
    const response = await send().catch(async (error) => {
      if (!(error instanceof ApiProblem && error.status === 404)) throw error;
      storage.set(storage.key(), (state.sessionId = null)); // a stale stored session: start a new one
      await ensureSession();
      return send();
    });
    await runTurn(view, { messageId: null, end: null }, response);
  } catch (error) {
    if (gen !== generation) return;
    mine.li.remove();
    view.li.remove();
    ui.input.value = question;
    busy = false;
    ui.log.setAttribute("aria-busy", "false");
    showProblem(error);
  }
}
