// Schema fuzzing (issue #16): every operation in /openapi.json gets valid, boundary and hostile
// requests (see lib/fuzz.mjs); no answer may be an undocumented 5xx, every 4xx must be problem+json,
// nothing may hang, and the server must still answer afterwards.
import { request as httpRequest } from "node:http";
import { fetchJson } from "../bench/harness.mjs";
import {
  buildRequest,
  checkResponse,
  createResources,
  describeFailure,
  FUZZ_ITEM,
  generateCases,
  isRuntimeAnswer,
  operationsOf,
  runPool,
} from "./lib/fuzz.mjs";

export const name = "fuzz";
export const title = "Schema fuzzing from /openapi.json";

const GOAL = 10_000;
const IN_FLIGHT = 16;
const TIMEOUT_MS = 30_000;
const USERS_PER_ROUND = 3;

/** Sends one built request; `error` instead of a status when it timed out or the connection failed. */
async function send(url, req) {
  if (req.headers.Upgrade) return sendUpgrade(url, req);
  try {
    const res = await fetch(url + req.path, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      redirect: "manual",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const contentType = res.headers.get("content-type");
    // success bodies may be endless streams (SSE); only error bodies are checked
    if (res.status < 400) {
      await res.body?.cancel();
      return { status: res.status, contentType, body: "" };
    }
    return { status: res.status, contentType, body: await res.text() };
  } catch (error) {
    return {
      error: error.name === "TimeoutError" ? "timeout" : `${error.name}: ${error.cause?.code ?? error.message}`,
    };
  }
}

/** fetch refuses an `Upgrade` header, so WebSocket handshakes go through node:http. */
function sendUpgrade(url, req) {
  return new Promise((resolve) => {
    const { hostname, port } = new URL(url);
    const out = httpRequest({
      hostname,
      port,
      path: req.path,
      method: req.method,
      headers: { ...req.headers, Connection: "Upgrade" },
    });
    out.setTimeout(TIMEOUT_MS, () => out.destroy(Object.assign(new Error("timeout"), { name: "TimeoutError" })));
    out.on("upgrade", (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode, contentType: res.headers["content-type"], body: "" });
    });
    out.on("response", (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode, contentType: res.headers["content-type"], body }));
    });
    out.on("error", (error) =>
      resolve({ error: error.name === "TimeoutError" ? "timeout" : `${error.name}: ${error.message}` }),
    );
    out.end();
  });
}

export async function run(ctx) {
  const doc = await fetchJson(ctx.url, "GET", "/openapi.json");
  const ops = operationsOf(doc);
  const admin = await ctx.token("fuzz-admin", "admin");
  await fetchJson(ctx.url, "PUT", `/v1/items/${FUZZ_ITEM.id}`, admin, FUZZ_ITEM.body);

  const failures = new Map();
  const sentOps = new Set();
  const tallies = { category: {}, auth: {}, status: {} };
  let sent = 0;
  let serverErrors = 0;
  let notProblem = 0;
  let broken = 0;
  let runtime = 0;
  const started = performance.now();
  for (let round = 0; sent < GOAL; round++) {
    const actors = [];
    for (let k = 0; k < USERS_PER_ROUND; k++) {
      const token = await ctx.token(`fuzz-r${round}-u${k}`);
      const call = (method, path, body) => fetchJson(ctx.url, method, path, token, body);
      const resources = await createResources(call, FUZZ_ITEM.id);
      actors.push({ token, adminToken: admin, resource: (key) => resources[key] });
    }
    const cases = generateCases(doc, {
      seed: ctx.seed * 1000 + round,
      perCategory: 2,
      known: { itemId: FUZZ_ITEM.id },
    });
    await runPool(cases, IN_FLIGHT, async (kase, i) => {
      const req = buildRequest(kase, actors[i % actors.length]);
      const res = await send(ctx.url, req);
      sent++;
      sentOps.add(kase.op);
      for (const [tally, key] of [
        ["category", kase.category],
        ["auth", kase.auth],
        ["status", res.status ?? res.error],
      ])
        tallies[tally][key] = (tallies[tally][key] ?? 0) + 1;
      if (!res.error && isRuntimeAnswer(kase, res)) runtime++;
      const reason = res.error ?? checkResponse(kase, res);
      if (!reason) return;
      if (res.error) broken++;
      else if (res.status >= 500) serverErrors++;
      else notProblem++;
      const group = `${kase.op} ${res.status ?? res.error} ${reason}`;
      const seen = failures.get(group);
      if (seen) seen.count++;
      else failures.set(group, { count: 1, line: describeFailure(kase, req, res.status ?? "-", reason, res.body) });
    });
    ctx.log(`round ${round}: ${cases.length} cases, ${sent} sent so far`);
  }
  const seconds = (performance.now() - started) / 1000;
  for (const [tally, counts] of Object.entries(tallies)) ctx.log(`by ${tally}: ${JSON.stringify(counts)}`);

  const health = await send(ctx.url, { method: "GET", path: "/healthz", headers: {} });
  const after = await send(ctx.url, {
    method: "GET",
    path: "/v1/retrospects?limit=5",
    headers: { Authorization: `Bearer ${await ctx.token("fuzz-after")}` },
  });
  const answering = health.status === 200 && after.status === 200;
  const covered = ops.filter((op) => sentOps.has(op.key)).length;
  const figures = [
    { name: "requests sent", value: sent, goal: `≥ ${GOAL}`, met: sent >= GOAL },
    { name: "operations covered", value: covered, goal: `${ops.length} (all)`, met: covered === ops.length },
    { name: "5xx answers", value: serverErrors, goal: "0", met: serverErrors === 0 },
    { name: "4xx not problem+json", value: notProblem, goal: "0", met: notProblem === 0 },
    { name: "timeouts / connection errors", value: broken, goal: "0", met: broken === 0 },
    { name: "server answering afterwards", value: answering ? "yes" : "no", goal: "yes", met: answering },
    { name: "requests/s", value: Math.round(sent / seconds), unit: "req/s" },
    // wrangler dev's proxy refuses a WebSocket version other than 13 itself (text/plain); not counted
    { name: "answered by the runtime, not the Worker", value: runtime },
  ];
  const lines = [...failures.values()].map((f) => (f.count > 1 ? `${f.line} (×${f.count})` : f.line));
  return { figures, failures: lines };
}
