// LLM vendor faults (issue #16): the only model provider is a local OpenAI-protocol server that
// answers each request at random with a good answer, silence, garbage, a 500 or 429, a stream cut
// mid-way or an error inside the stream (lib/flaky-vendor.mjs). The offline fallback is off, so a
// failure cannot hide behind it. Retrospective feedback, interview-question and learning-path jobs,
// coach interpretations and chat turns (SSE and JSON) run against it; by the deadline every one
// must have ended: feedback `ready` or `failed` with a reason, jobs `succeeded` or `failed` with an
// error, chat streams with `done` or `failed`, JSON answers 200 or a problem+json saying why.
import { setTimeout as sleep } from "node:timers/promises";
import { fetchJson, tokens } from "../bench/harness.mjs";
import { startFlakyVendor } from "./lib/flaky-vendor.mjs";

export const name = "llm-faults";
export const title = "LLM faults: vendors that time out, return garbage or stop mid-stream";

const TIMEOUT_MS = 1500;
const COUNTS = { feedback: 40, questions: 20, learningPath: 20, interpretation: 20, chatSse: 30, chatJson: 20 };
const USERS = 20;
const CLIENTS = 6;
const DEADLINE_MS = 120_000;
// a chat turn must end well within this even when every try times out
const TURN_TIMEOUT_MS = 60_000;
const TYPES = ["visionary", "coaching", "affiliative", "democratic", "pacesetting", "commanding"];

let vendor;

export async function prepare({ seed }) {
  vendor = await startFlakyVendor({ seed });
  const providers = [{ kind: "openai", name: "flaky", baseURL: `${vendor.url}/v1`, model: "flaky-1" }];
  return {
    vars: [
      `LLM_PROVIDERS:${JSON.stringify(providers)}`,
      `LLM_TIMEOUT_MS:${TIMEOUT_MS}`,
      "LLM_OFFLINE_FALLBACK:false",
      // the breaker would skip the vendor after three failures; here every call should reach it
      "LLM_BREAKER_THRESHOLD:100",
    ],
    close: () => vendor.close(),
  };
}

/** `{status, type, text}` of one request, never throwing (a network failure is status "network"). */
async function call(url, method, path, token, body, accept = "application/json") {
  try {
    const res = await fetch(`${url}${path}`, {
      method,
      signal: AbortSignal.timeout(TURN_TIMEOUT_MS),
      headers: { authorization: `Bearer ${token}`, accept, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, type: res.headers.get("content-type") ?? "", text: await res.text() };
  } catch (error) {
    return { status: error.name === "TimeoutError" ? "timeout" : "network", type: "", text: String(error) };
  }
}

/** Runs `tasks` (functions) CLIENTS at a time. */
async function pool(tasks) {
  let next = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < tasks.length) await tasks[next++]();
    }),
  );
}

const tally = () => ({ ready: 0, failedWithReason: 0, failedWithoutReason: 0, stuck: 0, fiveXx: 0 });

/** A JSON answer: 200 is ready; problem+json 502/503/504 with a detail is an honest failure; the rest is a defect. */
function judgeJson(res, t, failures, what) {
  if (res.status === 200) return t.ready++;
  let detail = "";
  try {
    detail = JSON.parse(res.text).detail ?? "";
  } catch {
    // not JSON: judged below
  }
  const honest = [502, 503, 504].includes(res.status) && res.type.startsWith("application/problem+json");
  if (honest && detail) return t.failedWithReason++;
  if (res.status === "timeout") t.stuck++;
  else t.failedWithoutReason++;
  if (typeof res.status === "number" && res.status >= 500 && !honest) t.fiveXx++;
  failures.push(`${what}: ${res.status} ${res.text.slice(0, 200)}`);
}

/** The terminal event of an SSE answer: done, failed (with its detail) or none. */
function sseEnd(text) {
  const events = [...text.matchAll(/^event: (\w+)\ndata: (.*)$/gm)].map((m) => ({ event: m[1], data: m[2] }));
  return events.findLast((e) => e.event === "done" || e.event === "failed");
}

export async function run(ctx) {
  const failures = [];
  const users = (await tokens(ctx.token, `llm${ctx.seed}-u`, USERS)).map((token, i) => ({ i, token }));
  const user = (n) => users[n % users.length].token;
  const results = Object.fromEntries(Object.keys(COUNTS).map((k) => [k, tally()]));
  const retros = [];
  const jobs = [];
  const tasks = [];

  for (let n = 0; n < COUNTS.feedback; n++)
    tasks.push(async () => {
      const token = user(n);
      const res = await fetchJson(ctx.url, "POST", "/v1/retrospects", token, {
        purpose: "weekly review",
        content: `Week ${n}: shipped the billing page, missed two code reviews, slept badly on Thursday.`,
      });
      retros.push({ id: res.id, token });
    });
  const resumes = await Promise.all(
    users.slice(0, 10).map(async ({ token }) => {
      const r = await fetchJson(ctx.url, "POST", "/v1/resumes", token, {
        title: "Backend engineer",
        content: "Five years of TypeScript services, queues and Postgres; led a team of three.",
        skills: ["TypeScript", "Postgres"],
      });
      return { id: r.id, token };
    }),
  );
  for (let n = 0; n < COUNTS.questions; n++)
    tasks.push(async () => {
      const r = resumes[n % resumes.length];
      const res = await fetchJson(ctx.url, "POST", `/v1/resumes/${r.id}/interview-questions`, r.token, { count: 3 });
      jobs.push({ kind: "questions", id: res.jobId, token: r.token });
    });
  for (let n = 0; n < COUNTS.learningPath; n++)
    tasks.push(async () => {
      const r = resumes[n % resumes.length];
      const res = await fetchJson(ctx.url, "POST", `/v1/resumes/${r.id}/learning-path`, r.token, { weeks: 2 });
      jobs.push({ kind: "learningPath", id: res.jobId, token: r.token });
    });
  for (let n = 0; n < COUNTS.interpretation; n++)
    tasks.push(async () => {
      // a cached interpretation would not reach the vendor: each call is a new user and style
      const res = await call(ctx.url, "POST", "/v1/coach/interpretation", user(n), {
        leadershipType: TYPES[Math.floor(n / USERS) % TYPES.length],
      });
      judgeJson(res, results.interpretation, failures, "interpretation");
    });
  const sessions = await Promise.all(
    users.map(async ({ token }) => ({
      token,
      id: (await fetchJson(ctx.url, "POST", "/v1/coach/sessions", token, {})).id,
    })),
  );
  const turn = async (n, sse) => {
    const s = sessions[n % sessions.length];
    const path = `/v1/coach/sessions/${s.id}/messages`;
    const content = `How do I keep a habit going? (${n})`;
    if (!sse)
      return judgeJson(await call(ctx.url, "POST", path, s.token, { content }), results.chatJson, failures, "chat");
    const res = await call(ctx.url, "POST", path, s.token, { content }, "text/event-stream");
    const t = results.chatSse;
    const end = res.status === 200 ? sseEnd(res.text) : undefined;
    if (end?.event === "done") t.ready++;
    else if (end?.event === "failed" && JSON.parse(end.data).detail) t.failedWithReason++;
    else {
      if (res.status === "timeout" || (res.status === 200 && !end)) t.stuck++;
      else t.failedWithoutReason++;
      if (typeof res.status === "number" && res.status >= 500) t.fiveXx++;
      failures.push(`chat SSE ended without done/failed: ${res.status} ${res.text.slice(-200)}`);
    }
  };
  for (let n = 0; n < COUNTS.chatSse; n++) tasks.push(() => turn(n, true));
  for (let n = 0; n < COUNTS.chatJson; n++) tasks.push(() => turn(n + COUNTS.chatSse, false));
  // interleave the kinds so every kind meets every behaviour
  tasks.sort(() => 0.5 - Math.random());

  const started = Date.now();
  await pool(tasks);
  ctx.log(`all ${tasks.length} requests answered in ${((Date.now() - started) / 1000).toFixed(0)} s; polling`);

  // poll background work until it has all ended or the deadline passes
  const pending = new Map([
    ...retros.map((r) => [`r:${r.id}`, { ...r, kind: "feedback" }]),
    ...jobs.map((j) => [`j:${j.id}`, j]),
  ]);
  const deadline = started + DEADLINE_MS;
  while (pending.size > 0 && Date.now() < deadline) {
    for (const [key, item] of pending) {
      const t = results[item.kind];
      if (item.kind === "feedback") {
        const { feedback } = await fetchJson(ctx.url, "GET", `/v1/retrospects/${item.id}`, item.token);
        if (feedback.status === "pending") continue;
        if (feedback.status === "ready") t.ready++;
        else if (feedback.reason) t.failedWithReason++;
        else {
          t.failedWithoutReason++;
          failures.push(`feedback ${item.id} failed without a reason`);
        }
      } else {
        const job = await fetchJson(ctx.url, "GET", `/v1/jobs/${item.id}`, item.token);
        if (["queued", "running"].includes(job.status)) continue;
        if (job.status === "succeeded") t.ready++;
        else if (job.status === "failed" && job.error) t.failedWithReason++;
        else {
          t.failedWithoutReason++;
          failures.push(`job ${item.id} ended ${job.status} without an error`);
        }
      }
      pending.delete(key);
    }
    if (pending.size > 0) await sleep(1000);
  }
  for (const item of pending.values()) {
    results[item.kind].stuck++;
    failures.push(`${item.kind} ${item.id} still unfinished ${DEADLINE_MS / 1000} s after the run started`);
  }
  const settledSeconds = (Date.now() - started) / 1000;

  const figures = [];
  for (const [kind, t] of Object.entries(results)) {
    figures.push({ name: `${kind}: ready`, value: t.ready });
    figures.push({ name: `${kind}: failed with a reason`, value: t.failedWithReason });
    figures.push({
      name: `${kind}: failed without a reason`,
      value: t.failedWithoutReason,
      goal: "0",
      met: t.failedWithoutReason === 0,
    });
    figures.push({ name: `${kind}: stuck`, value: t.stuck, goal: "0", met: t.stuck === 0 });
    figures.push({ name: `${kind}: 5xx other than 502/503/504`, value: t.fiveXx, goal: "0", met: t.fiveXx === 0 });
  }
  const servedTotal = Object.values(vendor.served).reduce((a, b) => a + b, 0);
  figures.push({ name: "vendor requests", value: servedTotal });
  for (const [behaviour, count] of Object.entries(vendor.served))
    figures.push({ name: `  served ${behaviour}`, value: count });
  figures.push({ name: "everything settled after", value: Number(settledSeconds.toFixed(1)), unit: "s" });
  return { figures, failures };
}
