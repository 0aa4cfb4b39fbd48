// A local OpenAI chat-completions server that misbehaves at random, for the llm-faults section.
// Each request gets one behaviour, drawn by weight from BEHAVIOURS with the section's seed:
//   ok            a valid answer (JSON or SSE); for a structured call, a value built from the JSON
//                 Schema the chain put in its system message, so structured work can succeed too
//   timeout       never answers (the socket stays open until the client gives up)
//   garbage       200 with a body that is not JSON, or JSON of the wrong shape
//   http500 / http429  an OpenAI-style error body with that status
//   cut           starts the answer, then destroys the socket mid-way
//   streamError   starts the answer, then an error object inside the 200 body (as OpenAI does)
import { createServer } from "node:http";
import { rng } from "../../seed/catalogue.mjs";

export const BEHAVIOURS = {
  ok: 40,
  timeout: 10,
  garbage: 15,
  http500: 10,
  http429: 8,
  cut: 9,
  streamError: 8,
};

/** A value that satisfies the JSON Schema (the subset zod writes: objects, arrays, strings, numbers, enums). */
export function exampleOf(schema) {
  if (!schema || typeof schema !== "object") return null;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const branch = schema.anyOf ?? schema.oneOf;
  if (branch) return exampleOf(branch[0]);
  switch (Array.isArray(schema.type) ? schema.type[0] : schema.type) {
    case "object":
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, v]) => [k, exampleOf(v)]));
    case "array":
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => exampleOf(schema.items));
    case "string":
      return "practise one thing a day".padEnd(schema.minLength ?? 0, ".").slice(0, schema.maxLength ?? 1000);
    case "integer":
    case "number":
      return schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 1);
    case "boolean":
      return true;
    default:
      return null;
  }
}

function answerText(body) {
  const system = body.messages.find((m) => m.role === "system" && m.content.includes("JSON Schema:\n"));
  if (!system) return "Keep going: one small step each day adds up.";
  return JSON.stringify(exampleOf(JSON.parse(system.content.split("JSON Schema:\n")[1])));
}

const chunk = (model, delta, finish = null) =>
  `data: ${JSON.stringify({ id: "c1", object: "chat.completion.chunk", created: 1, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;

function completion(model, text) {
  return JSON.stringify({
    id: "c1",
    object: "chat.completion",
    created: 1,
    model,
    choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop" }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  });
}

const errorBody = (message, type) => JSON.stringify({ error: { message, type, code: null } });

function serve(behaviour, body, req, res) {
  const model = body.model ?? "flaky";
  const text = answerText(body);
  switch (behaviour) {
    case "ok":
      if (!body.stream) {
        res.writeHead(200, { "content-type": "application/json" }).end(completion(model, text));
        return;
      }
      res.writeHead(200, { "content-type": "text/event-stream" });
      for (const token of text.match(/\s*\S+/g) ?? []) res.write(chunk(model, { content: token }));
      res.write(chunk(model, {}, "stop"));
      res.end("data: [DONE]\n\n");
      return;
    case "timeout":
      return; // the client's timeout (or its going away) ends it
    case "garbage":
      if (body.stream) {
        res.writeHead(200, { "content-type": "text/event-stream" }).end("data: {not json at all\n\n");
      } else if (Math.random() < 0.5) {
        res.writeHead(200, { "content-type": "application/json" }).end("<html>502 Bad Gateway</html>");
      } else {
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ choices: "nope" }));
      }
      return;
    case "http500":
      res.writeHead(500, { "content-type": "application/json" }).end(errorBody("upstream exploded", "server_error"));
      return;
    case "http429":
      res
        .writeHead(429, { "content-type": "application/json", "retry-after": "1" })
        .end(errorBody("rate limited", "rate_limit_exceeded"));
      return;
    case "cut":
      if (body.stream) {
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.write(chunk(model, { content: "Half an " }));
        res.write(chunk(model, { content: "answer" }));
      } else {
        res.writeHead(200, { "content-type": "application/json" });
        res.write(completion(model, text).slice(0, 40));
      }
      setTimeout(() => req.socket.destroy(), 50);
      return;
    case "streamError":
      if (body.stream) {
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.write(chunk(model, { content: "Partial " }));
        res.end(`data: ${errorBody("generation interrupted", "server_error")}\n\n`);
      } else {
        res.writeHead(200, { "content-type": "application/json" }).end(errorBody("generation failed", "server_error"));
      }
      return;
  }
}

/** Starts the server; `served` counts each behaviour handed out. */
export async function startFlakyVendor({ seed = 1 } = {}) {
  const random = rng(seed);
  const total = Object.values(BEHAVIOURS).reduce((a, b) => a + b, 0);
  const pick = () => {
    let r = random() * total;
    for (const [name, weight] of Object.entries(BEHAVIOURS)) if ((r -= weight) < 0) return name;
    return "ok";
  };
  const served = Object.fromEntries(Object.keys(BEHAVIOURS).map((k) => [k, 0]));
  const server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      if (req.method !== "POST" || !req.url.endsWith("/chat/completions")) {
        res.writeHead(404).end();
        return;
      }
      const behaviour = pick();
      served[behaviour]++;
      serve(behaviour, JSON.parse(raw), req, res);
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    served,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
