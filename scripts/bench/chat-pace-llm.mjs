// A local OpenAI-protocol model for the chat bench: `POST /v1/chat/completions` answers a fixed text
// of `tokens` tokens, the first one `firstTokenMs` after the request arrived and then one every
// `paceMs`, and records per request when it received it and when it sent its first and last token,
// so the bench can subtract the model's own time from what the client saw.
import { createServer } from "node:http";
import { performance } from "node:perf_hooks";

const WORDS = "Start with one concrete step this week and name what you will do differently".split(" ");
const MARKER = /\[bench:([\w-]+)\]/;

/** The marker a question carries (`[bench:<id>]`), so a model request can be matched to its client request. */
export const marker = (id) => `[bench:${id}]`;

export async function startPaceLlm({ tokens = 20, paceMs = 20, firstTokenMs = paceMs } = {}) {
  const pieces = Array.from({ length: tokens }, (_, i) => (i ? " " : "") + WORDS[i % WORDS.length]);
  const answer = pieces.join("");
  /** marker → { receivedAt, firstTokenAt, lastTokenAt } in this process's performance.now() clock */
  const timings = new Map();
  const stats = { streams: 0, completions: 0, unmatched: 0, errors: 0 };

  const server = createServer((req, res) => {
    const receivedAt = performance.now();
    if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) {
      res.writeHead(404).end();
      return;
    }
    let raw = "";
    req.setEncoding("utf8");
    req.on("data", (chunk) => (raw += chunk));
    req.on("end", () => {
      let body;
      try {
        body = JSON.parse(raw);
      } catch {
        stats.errors++;
        res.writeHead(400, { "content-type": "application/json" }).end('{"error":{"message":"bad json"}}');
        return;
      }
      const lastUser = [...(body.messages ?? [])].reverse().find((m) => m.role === "user")?.content ?? "";
      const key = MARKER.exec(lastUser)?.[1];
      const id = `chatcmpl-${Math.random().toString(36).slice(2)}`;
      const created = Math.floor(Date.now() / 1000);
      if (!body.stream) {
        stats.completions++;
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            id,
            object: "chat.completion",
            created,
            model: body.model,
            choices: [{ index: 0, message: { role: "assistant", content: answer }, finish_reason: "stop" }],
            usage: { prompt_tokens: 10, completion_tokens: tokens, total_tokens: 10 + tokens },
          }),
        );
        return;
      }
      stats.streams++;
      const t = { receivedAt, firstTokenAt: null, lastTokenAt: null };
      if (key) timings.set(key, t);
      else stats.unmatched++;
      res.socket?.setNoDelay(true);
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      const chunk = (delta, finish = null) =>
        `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model: body.model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
      let i = 0;
      const next = () => {
        if (res.destroyed) return;
        // the role chunk has empty content, which the client skips: it goes with the first token
        const head = i === 0 ? chunk({ role: "assistant", content: "" }) : "";
        res.write(head + chunk({ content: pieces[i] }));
        const now = performance.now();
        if (i === 0) t.firstTokenAt = now;
        t.lastTokenAt = now;
        i++;
        if (i < pieces.length) setTimeout(next, paceMs);
        else res.end(chunk({}, "stop") + "data: [DONE]\n\n");
      };
      setTimeout(next, Math.max(0, firstTokenMs - (performance.now() - receivedAt)));
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    answer,
    tokens,
    paceMs,
    firstTokenMs,
    timings,
    stats,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
