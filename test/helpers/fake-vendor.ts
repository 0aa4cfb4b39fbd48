import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { exportJWK, generateKeyPair, type JWK } from "jose";
import { stripeStandIn } from "./fake-stripe";

/**
 * A local HTTP server speaking the real OpenAI chat-completions protocol (JSON and SSE streaming)
 * and serving a JWKS, so tests exercise the real `openai` client and `jose` remote key sets.
 *
 * Routes (the first path segment picks the behaviour, so one server plays several vendors):
 *   /ok/v1/chat/completions       answers "echo: <last user message>", streaming when asked
 *   /fail/v1/chat/completions     500 with an OpenAI-style error body
 *   /slow/v1/chat/completions     answers after 3 s (for timeouts)
 *   /badjson/v1/chat/completions  answers prose first, then valid JSON on the repair turn
 *   /midstream/v1/chat/completions streams two tokens, then an error object in the stream (as OpenAI
 *                                 does when generation fails after the 200), CRLF-framed
 *   /ok/v1/embeddings             deterministic unnormalised vectors of the requested dimensions
 *   /feedback/v1/chat/completions prose first, then retrospective feedback JSON on the repair turn
 *   /.well-known/jwks.json        the public half of `privateJwk`
 *   /stats                        request counts per behaviour (and `embeddings`, `embeddedTexts`)
 */
export type FakeVendor = { url: string; privateJwk: JWK; close(): Promise<void> };

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let data = "";
    req.on("data", (chunk: Buffer) => (data += chunk.toString("utf8")));
    req.on("end", () => resolve(data));
  });

type ChatBody = { model: string; stream?: boolean; messages: { role: string; content: string }[] };

function completion(res: ServerResponse, body: ChatBody, text: string) {
  const id = `chatcmpl-${Math.random().toString(36).slice(2)}`;
  const created = Math.floor(Date.now() / 1000);
  if (!body.stream) {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        id,
        object: "chat.completion",
        created,
        model: body.model,
        choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop" }],
        usage: {
          prompt_tokens: 10,
          completion_tokens: text.split(" ").length,
          total_tokens: 10 + text.split(" ").length,
        },
      }),
    );
    return;
  }
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  const chunk = (delta: object, finish: string | null = null) =>
    `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model: body.model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  res.write(chunk({ role: "assistant", content: "" }));
  for (const token of text.match(/\s*\S+/g) ?? []) res.write(chunk({ content: token }));
  res.write(chunk({}, "stop"));
  res.end("data: [DONE]\n\n");
}

type EmbeddingsBody = { model: string; input: string | string[]; dimensions?: number; encoding_format?: string };

/** Vectors derived from character codes, returned in reverse order to prove the client re-sorts by index. */
function embeddings(res: ServerResponse, body: EmbeddingsBody) {
  const inputs = Array.isArray(body.input) ? body.input : [body.input];
  const dims = body.dimensions ?? 8;
  const data = inputs.map((text, index) => {
    const vec = Array.from({ length: dims }, (_, i) => (text.charCodeAt(i % Math.max(1, text.length)) || 1) * (i + 1));
    const embedding =
      body.encoding_format === "base64" ? Buffer.from(new Float32Array(vec).buffer).toString("base64") : vec;
    return { object: "embedding", index, embedding };
  });
  res.writeHead(200, { "content-type": "application/json" });
  res.end(
    JSON.stringify({
      object: "list",
      model: body.model,
      data: data.reverse(),
      usage: { prompt_tokens: 1, total_tokens: 1 },
    }),
  );
}

export async function startFakeVendor(): Promise<FakeVendor> {
  const { publicKey, privateKey } = await generateKeyPair("RS256", { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid: "test-key", alg: "RS256", use: "sig" };
  const privateJwk = { ...(await exportJWK(privateKey)), kid: "test-key", alg: "RS256" };
  const stats: Record<string, number> = {};

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (await stripeStandIn(req, res, url)) return;
    if (url.pathname === "/.well-known/jwks.json") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ keys: [publicJwk] }));
      return;
    }
    if (url.pathname === "/stats") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(stats));
      return;
    }
    const mode = url.pathname.split("/")[1] ?? "";
    if (url.pathname === "/ok/v1/embeddings" && req.method === "POST") {
      const body = JSON.parse(await readBody(req)) as EmbeddingsBody;
      stats.embeddings = (stats.embeddings ?? 0) + 1;
      stats.embeddedTexts = (stats.embeddedTexts ?? 0) + (Array.isArray(body.input) ? body.input.length : 1);
      return embeddings(res, body);
    }
    if (!url.pathname.endsWith("/chat/completions") || req.method !== "POST") {
      res.writeHead(404).end();
      return;
    }
    stats[mode] = (stats[mode] ?? 0) + 1;
    const body = JSON.parse(await readBody(req)) as ChatBody;
    const last = [...body.messages].reverse().find((m) => m.role === "user")?.content ?? "";
    switch (mode) {
      case "ok":
        return completion(res, body, `echo: ${last}`);
      case "midstream": {
        res.writeHead(200, { "content-type": "text/event-stream" });
        const delta = (content: string) =>
          `data: ${JSON.stringify({ object: "chat.completion.chunk", model: body.model, choices: [{ index: 0, delta: { content } }] })}\r\n\r\n`;
        res.write(delta("부분 "));
        res.write(delta("answer"));
        res.end(
          `data: ${JSON.stringify({ error: { message: "generation interrupted", type: "server_error" } })}\r\n\r\n`,
        );
        return;
      }
      case "slow":
        await new Promise((r) => setTimeout(r, 3000));
        return completion(res, body, `late: ${last}`);
      case "badjson":
        return completion(
          res,
          body,
          body.messages.some((m) => m.role === "assistant")
            ? '{"title":"fixed","score":7}'
            : "Sure! Here is your JSON: title=fixed",
        );
      case "feedback":
        return completion(
          res,
          body,
          body.messages.some((m) => m.role === "assistant")
            ? JSON.stringify({
                summary: "A focused week with one recurring slip.",
                strengths: ["Shipped on time"],
                weaknesses: ["Reviews piled up"],
                keepDoing: ["Daily planning"],
                recommendations: ["Review pull requests before noon each day"],
              })
            : "Here is my feedback: you did great!",
        );
      default:
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { message: "upstream exploded", type: "server_error", code: null } }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("no port");
  return {
    url: `http://127.0.0.1:${address.port}`,
    privateJwk,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
