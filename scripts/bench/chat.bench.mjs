// Coaching chat (Link-Coach): cached leadership-type interpretations (latency and throughput on the
// runner's server), and the time the Worker adds before the first streamed token of an answer,
// against a local OpenAI-protocol model on a second `wrangler dev` that is configured to use it.
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { knowledgeDocuments } from "../seed/index.mjs";
import { meAcrossUsers } from "./baseline.bench.mjs";
import { agent, callJson, mustJson, resumeTurn, streamTurn } from "./chat-client.mjs";
import { marker, startPaceLlm } from "./chat-pace-llm.mjs";
import { devToken, foreignCpu, SERVER_VARS, startServer, summary, tokens, waitForIdle } from "./harness.mjs";

export const name = "chat";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

// the concurrent goals are issue #22's, read at 20 concurrent clients
export const GOALS = { addedTtftP50Ms: 10, interpretationP50Ms: 5, concurrentAddedP99Ms: 50, concurrentDoneP99Ms: 50 };

const USERS = 50;
const INTERP_BODY = { leadershipType: "coaching", locale: "en" };
const INTERP_PATH = "/v1/coach/interpretation";
const INTERP_LOOP = 500; // sequential cached calls timed here, at sub-millisecond resolution

// the paced model: 20 tokens, the first 20 ms after the request, then one every 20 ms
export const MODEL = { tokens: 20, paceMs: 20, firstTokenMs: 20 };
const SEQUENTIAL = { sessions: 20, warmup: 10, turns: 200 };
const CONCURRENT = [
  { clients: 5, turnsEach: 40 },
  { clients: 20, turnsEach: 10 },
];
const FLOOR_CALLS = 200; // sequential GET /healthz and GET /v1/me on the chat server, for the breakdown

const TYPES = ["visionary", "coaching", "affiliative", "democratic", "pacesetting", "commanding"];
const QUESTIONS = [
  "How do I give feedback to a senior engineer who keeps missing deadlines?",
  "My team avoids conflict in meetings. What should I try first?",
  "How can I delegate more without losing quality?",
  "I am a new manager and I still do most of the work myself. Where do I start?",
  "How do I run a better one-on-one with a quiet team member?",
  "Our remote team feels disconnected. What can I change this month?",
  "How do I say no to my manager about another priority?",
  "A strong performer is burning out. How do I talk about it?",
];

const NAMES = {
  interp1: "POST /v1/coach/interpretation (cached), 1 connection",
  interpUsers: `POST /v1/coach/interpretation (cached), ${USERS} users`,
  interpHot: "POST /v1/coach/interpretation (cached), 1 hot user",
  me: `GET /v1/me, ${USERS} users`,
};

const runId = Date.now().toString(36);
const state = { interp: null, tally: {} };

/** CPU seconds used so far by the processes of group `pgid` (Linux /proc; 0 elsewhere). */
async function groupCpuSeconds(pgid) {
  if (process.platform !== "linux") return 0;
  let ticks = 0;
  for (const pid of await readdir("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(f[2]) === pgid) ticks += f.slice(11, 15).reduce((a, b) => a + Number(b), 0);
  }
  return ticks / 100;
}

/** `foreignCpu` plus the cores the server group used meanwhile. */
async function measured(pgid, fn) {
  const cpu0 = await groupCpuSeconds(pgid);
  const t0 = performance.now();
  const { value, otherCpu } = await foreignCpu(pgid, fn);
  const seconds = (performance.now() - t0) / 1000;
  const cpu1 = await groupCpuSeconds(pgid);
  return { value, otherCpu, seconds, serverCores: (cpu1 - cpu0) / seconds };
}

/** A progress line: rewritten in place on a terminal, at most every 5 s otherwise. */
function progress() {
  let last = 0;
  return (text, final = false) => {
    if (process.stdout.isTTY) process.stdout.write(`\r${text}\x1b[K${final ? "\n" : ""}`);
    else if (final || Date.now() - last > 5000) {
      last = Date.now();
      console.log(text);
    }
  };
}

/** Runs `fn` over `items` with at most `limit` at a time. */
async function pool(items, limit, fn) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i], i);
      }
    }),
  );
}

export async function indexKnowledge(url, getToken) {
  const admin = await getToken(`chat-bench-admin-${runId}`, "admin");
  const documents = knowledgeDocuments();
  const res = await mustJson(url, "POST", "/v1/admin/knowledge", { token: admin, body: { documents } });
  if (res.documents !== documents.length && res.chunks === 0)
    throw new Error(`knowledge indexing: ${JSON.stringify(res)}`);
  return { documents: documents.length, chunks: res.chunks };
}

/** Counts answers that were not cache hits, so a scenario that measured generation shows it. */
function interpScenario({ name, connections, headers, setupClient }) {
  const tally = (state.tally[name] = { notCached: 0 });
  return {
    name,
    connections,
    method: "POST",
    body: JSON.stringify(INTERP_BODY),
    ...(headers ? { headers } : {}),
    ...(setupClient ? { setupClient } : {}),
    requests: [
      {
        method: "POST",
        path: INTERP_PATH,
        onResponse: (status, text) => {
          if (status === 200 && JSON.parse(text).cached !== true) tally.notCached++;
        },
      },
    ],
    before: () => {
      tally.notCached = 0;
    },
    after: () => ({ notCached: tally.notCached }),
  };
}

export async function scenarios(ctx) {
  const { url } = ctx;
  const show = progress();
  show("chat: indexing the knowledge base …");
  const indexed = await indexKnowledge(url, ctx.devToken);
  const users = await tokens(ctx.devToken, `chat-interp-${runId}`, USERS);
  // the first call per user generates (offline provider on this server); the second must be a hit
  const first = [];
  await pool(users, 10, async (token) => {
    const a = await callJson(url, "POST", INTERP_PATH, { token, body: INTERP_BODY });
    const b = await callJson(url, "POST", INTERP_PATH, { token, body: INTERP_BODY });
    if (a.status !== 200 || b.status !== 200 || a.body.cached !== false || b.body.cached !== true)
      throw new Error(`interpretation setup: ${a.status}/${b.status} cached ${a.body.cached}/${b.body.cached}`);
    first.push(a.ms);
  });
  state.interp = { users, indexed, firstCall: summary(first), provider: null };
  show(
    `chat: ${indexed.documents} documents indexed (${indexed.chunks} chunks), ${USERS} interpretations generated`,
    true,
  );
  await ctx.waitForIdle();

  const json = { "content-type": "application/json" };
  let next = 0;
  return [
    await meAcrossUsers(ctx.devToken),
    interpScenario({ name: NAMES.interp1, connections: 1, headers: { ...json, authorization: `Bearer ${users[0]}` } }),
    interpScenario({
      name: NAMES.interpUsers,
      connections: USERS,
      setupClient: (client) => client.setHeaders({ ...json, authorization: `Bearer ${users[next++ % users.length]}` }),
    }),
    interpScenario({
      name: NAMES.interpHot,
      connections: USERS,
      headers: { ...json, authorization: `Bearer ${users[0]}` },
    }),
  ];
}

/** Sequential cached calls on one keep-alive connection, timed here (autocannon rounds to 1 ms). */
async function interpretationLoop(ctx) {
  const token = state.interp.users[1];
  const { value, otherCpu } = await ctx.foreignCpu(async () => {
    const ms = [];
    let notCached = 0;
    let non2xx = 0;
    for (let i = 0; i < INTERP_LOOP + 20; i++) {
      const res = await callJson(ctx.url, "POST", INTERP_PATH, { token, body: INTERP_BODY });
      if (res.status !== 200) non2xx++;
      else if (res.body.cached !== true) notCached++;
      if (i >= 20) ms.push(res.ms);
    }
    return { ...summary(ms), notCached, non2xx };
  });
  return { ...value, otherCpu };
}

/**
 * The loop twice: right after the 50-connection scenarios, while the server still drains their
 * request-log backlog (one queue message per coaching request, written to D1 by the consumer),
 * and again once the server is idle, which is the latency of a cached call itself.
 */
async function interpretationLoops(ctx) {
  const afterLoad = await interpretationLoop(ctx);
  const started = performance.now();
  const idle = await ctx.waitForIdle({ timeoutMs: 120_000 });
  const waitedMs = performance.now() - started;
  return { afterLoad, idle: { ...(await interpretationLoop(ctx)), waitedMs, reachedIdle: idle !== null } };
}

// ── time to first token, on a second server that uses the paced model ─────────────────────────────

/**
 * `startServer` takes no extra vars: it reads the harness's exported `SERVER_VARS` when it launches
 * wrangler, so the model's vars are added to that array for the launch and removed right after.
 * (`vars` is passed too, for a harness that learns that option.)
 */
export async function startChatServer(llm) {
  const vars = [
    `LLM_PROVIDERS:${JSON.stringify([{ kind: "openai", name: "pace", baseURL: llm.baseURL, model: "pace" }])}`,
    "LLM_OFFLINE_FALLBACK:false",
  ];
  const added = vars.filter((v) => !SERVER_VARS.includes(v));
  SERVER_VARS.push(...added);
  try {
    return { ...(await startServer({ cwd: root, vars })), vars: [...SERVER_VARS] };
  } finally {
    for (const v of added) SERVER_VARS.splice(SERVER_VARS.indexOf(v), 1);
  }
}

/** One user with one session per entry. */
export async function sessions(url, prefix, count) {
  const out = [];
  await pool(
    Array.from({ length: count }, (_, i) => i),
    10,
    async (i) => {
      const token = await devToken(url, `${prefix}-${i}`);
      const { id } = await mustJson(url, "POST", "/v1/coach/sessions", {
        token,
        body: { leadershipType: TYPES[i % TYPES.length] },
      });
      out[i] = { token, id };
    },
  );
  return out;
}

let questionSeq = 0;
/** One streamed turn, joined with the model's own timings for it. */
export async function timedTurn(url, llm, session) {
  const key = `${runId}-${(questionSeq++).toString(36)}`;
  const question = `${QUESTIONS[questionSeq % QUESTIONS.length]} ${marker(key)}`;
  const r = await streamTurn(url, session.token, session.id, question);
  const t = llm.timings.get(key);
  llm.timings.delete(key);
  const ok =
    r.status === 200 && r.end === "done" && r.firstTokenAt !== null && t?.firstTokenAt != null && r.text === llm.answer;
  if (!ok)
    return {
      ok: false,
      why: `status ${r.status}, end ${r.end}, model saw it: ${Boolean(t)}, text ${JSON.stringify(r.text.slice(0, 40))}, ${r.detail ?? ""}`.slice(
        0,
        300,
      ),
    };
  const ttft = r.firstTokenAt - r.sentAt;
  const model = t.firstTokenAt - t.receivedAt;
  return {
    ok: true,
    session,
    messageId: r.done?.messageId,
    provider: r.done?.provider,
    ttft,
    model,
    added: ttft - model,
    // the Worker's share before the model saw the request: route, actor, retrieval, prompt, connect
    before: t.receivedAt - r.sentAt,
    // from the model's first token to the client's first `token` event: SDK parse, actor, relay
    relay: r.firstTokenAt - t.firstTokenAt,
    head: r.headAt - r.sentAt,
    messageEvent: r.messageAt === null ? null : r.messageAt - r.sentAt,
    // from the model's last token to the client's `done` event
    doneAfterLast: r.endAt - t.lastTokenAt,
    total: r.endAt - r.sentAt,
  };
}

export function collect(results) {
  const ok = results.filter((r) => r.ok);
  const pick = (k) => summary(ok.map((r) => r[k]).filter((v) => v !== null));
  return {
    turns: results.length,
    failed: results.length - ok.length,
    failures: results
      .filter((r) => !r.ok)
      .slice(0, 5)
      .map((r) => r.why),
    providers: [...new Set(ok.map((r) => r.provider))],
    added: pick("added"),
    ttft: pick("ttft"),
    model: pick("model"),
    before: pick("before"),
    relay: pick("relay"),
    head: pick("head"),
    messageEvent: pick("messageEvent"),
    doneAfterLast: pick("doneAfterLast"),
    total: pick("total"),
  };
}

/** Sequential calls on one keep-alive connection: the request path's floor on the chat server. */
async function floor(url, path, token) {
  const ms = [];
  for (let i = 0; i < FLOOR_CALLS + 10; i++) {
    const res = await callJson(url, "GET", path, { token });
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status}`);
    if (i >= 10) ms.push(res.ms);
  }
  return summary(ms);
}

/** Replays of finished answers: the route → session actor → SSE path with no writes, retrieval or model. */
async function replayFloor(url, turns) {
  const ms = [];
  for (let i = 0; i < FLOOR_CALLS + 10; i++) {
    const t = turns[i % turns.length];
    const r = await resumeTurn(url, t.session.token, t.session.id, t.messageId);
    if (r.status !== 200 || r.firstTokenAt === null) throw new Error(`replay: ${r.status} ${r.detail ?? ""}`);
    if (i >= 10) ms.push(r.firstTokenAt - r.sentAt);
  }
  return summary(ms);
}

async function timeToFirstToken() {
  const show = progress();
  const llm = await startPaceLlm(MODEL);
  let server;
  try {
    show("chat: starting a second wrangler dev with the paced model …", true);
    server = await startChatServer(llm);
    const { url, pgid } = server;
    const indexed = await indexKnowledge(url, (id, role) => devToken(url, id, role));
    const seqSessions = await sessions(url, `chat-seq-${runId}`, SEQUENTIAL.sessions);
    const conSessions = await sessions(url, `chat-con-${runId}`, Math.max(...CONCURRENT.map((c) => c.clients)));

    // warm-up: the isolate, the actors, the model client and its connection
    const warm = [];
    for (let i = 0; i < SEQUENTIAL.warmup; i++)
      warm.push(await timedTurn(url, llm, seqSessions[i % seqSessions.length]));
    for (const r of warm) if (!r.ok) throw new Error(`chat warm-up turn failed: ${r.why}`);
    await waitForIdle(pgid, { timeoutMs: 30_000 });

    const floors = await measured(pgid, async () => ({
      healthz: await floor(url, "/healthz"),
      me: await floor(url, "/v1/me", seqSessions[0].token),
    }));
    const sequential = await measured(pgid, async () => {
      const out = [];
      for (let i = 0; i < SEQUENTIAL.turns; i++) {
        out.push(await timedTurn(url, llm, seqSessions[i % seqSessions.length]));
        show(`chat: sequential turn ${i + 1}/${SEQUENTIAL.turns}`);
      }
      return out;
    });
    show(`chat: ${SEQUENTIAL.turns} sequential turns done`, true);
    const replay = await measured(pgid, () =>
      replayFloor(
        url,
        sequential.value.filter((t) => t.ok),
      ),
    );

    const concurrent = [];
    for (const { clients, turnsEach } of CONCURRENT) {
      await waitForIdle(pgid, { timeoutMs: 30_000 });
      const group = conSessions.slice(0, clients);
      await Promise.all(group.map((s) => timedTurn(url, llm, s))); // one uncounted round
      await waitForIdle(pgid, { timeoutMs: 30_000 });
      const run = await measured(pgid, async () => {
        const out = [];
        await Promise.all(
          group.map(async (s) => {
            for (let i = 0; i < turnsEach; i++) out.push(await timedTurn(url, llm, s));
          }),
        );
        return out;
      });
      concurrent.push({
        clients,
        ...collect(run.value),
        otherCpu: run.otherCpu,
        serverCores: run.serverCores,
        turnsPerSec: run.value.length / run.seconds,
      });
      show(`chat: ${clients} clients × ${turnsEach} turns done`, true);
    }
    return {
      command: server.command,
      indexed,
      llmStats: { ...llm.stats },
      floors: { ...floors.value, replay: replay.value, otherCpu: Math.max(floors.otherCpu, replay.otherCpu) },
      sequential: {
        ...collect(sequential.value),
        otherCpu: sequential.otherCpu,
        serverCores: sequential.serverCores,
        turnsPerSec: sequential.value.length / sequential.seconds,
      },
      concurrent,
    };
  } finally {
    await server?.stop();
    await llm.close();
    agent.destroy();
  }
}

// ── figures ───────────────────────────────────────────────────────────────────────────────────

const round = (v) => Math.round(v * 10) / 10;
const trio = (s) => `${round(s.p50)} / ${round(s.p90)} / ${round(s.p99)}`;

export async function figures(ctx, results) {
  const byName = (n) => results.find((r) => r.name === n);
  const bare = results.find((r) => r.baseline);
  const me = byName(NAMES.me);
  const out = [];

  for (const n of [NAMES.interp1, NAMES.interpUsers, NAMES.interpHot]) {
    const r = byName(n);
    if (r?.notCached)
      out.push({ name: `${n}: answers that were not cache hits`, value: r.notCached, errors: r.notCached });
  }

  const loops = await interpretationLoops(ctx);
  const loop = loops.idle;
  out.push({
    name: `interpretation (cached), 1 connection, ${loop.n} sequential calls on an idle server: p50`,
    value: round(loop.p50),
    unit: "ms",
    goal: `< ${GOALS.interpretationP50Ms} ms`,
    met: loop.p50 < GOALS.interpretationP50Ms,
    detail: loops,
    otherCpuPercent: loop.otherCpu,
    non2xx: loop.non2xx,
    errors: loop.notCached,
  });
  out.push({ name: "  the same calls: p90 / p99", value: `${round(loop.p90)} / ${round(loop.p99)}`, unit: "ms" });
  out.push({
    name: `  waited for the server to go idle (request-log backlog of the ${USERS}-connection rows)`,
    value: loop.reachedIdle ? `${(loop.waitedMs / 1000).toFixed(1)} s` : "timed out",
  });
  const busy = loops.afterLoad;
  out.push({
    name: "  the same loop right after the load, while that backlog drains: p50 / p90 / p99",
    value: `${round(busy.p50)} / ${round(busy.p90)} / ${round(busy.p99)}`,
    unit: "ms",
    otherCpuPercent: busy.otherCpu,
    non2xx: busy.non2xx,
    errors: busy.notCached,
  });
  out.push({
    name: "  first call per user (generation, offline provider): p50",
    value: round(state.interp.firstCall.p50),
    unit: "ms",
  });
  const users = byName(NAMES.interpUsers);
  const hot = byName(NAMES.interpHot);
  out.push({
    name: `interpretation (cached), ${USERS} users ÷ bare route (req/s)`,
    value: users.requestsPerSec / bare.requestsPerSec,
  });
  if (me)
    out.push({
      name: `interpretation (cached), ${USERS} users ÷ ${NAMES.me} (req/s)`,
      value: users.requestsPerSec / me.requestsPerSec,
    });
  out.push({
    name: "interpretation (cached), 1 hot user ÷ bare route (req/s)",
    value: hot.requestsPerSec / bare.requestsPerSec,
  });

  const ttft = await timeToFirstToken();
  const seq = ttft.sequential;
  const all = [seq, ...ttft.concurrent];
  const failed = all.reduce((a, r) => a + r.failed, 0);
  const providers = new Set(all.flatMap((r) => r.providers));
  if (failed || providers.size !== 1 || !providers.has("pace"))
    out.push({
      name: "chat turns that failed or did not come from the paced model",
      value: `${failed} (${all.flatMap((r) => r.failures).join("; ") || `providers ${[...providers]}`})`,
      errors: failed || 1,
    });
  const m = MODEL;
  out.push({
    name: `chat, sequential (${seq.turns - seq.failed} turns): added time to first token p50`,
    value: round(seq.added.p50),
    unit: "ms",
    goal: `< ${GOALS.addedTtftP50Ms} ms`,
    met: seq.added.p50 < GOALS.addedTtftP50Ms,
    detail: seq,
    otherCpuPercent: seq.otherCpu,
  });
  out.push({ name: "  added p50 / p90 / p99", value: trio(seq.added), unit: "ms" });
  out.push({
    name: `  client time to first token p50 / p99 (model's own: p50 ${round(seq.model.p50)}, set to ${m.firstTokenMs})`,
    value: `${round(seq.ttft.p50)} / ${round(seq.ttft.p99)}`,
    unit: "ms",
  });
  out.push({ name: "  client sent → model received the request p50 / p90 / p99", value: trio(seq.before), unit: "ms" });
  out.push({
    name: "  model's first token → client's first token p50 / p90 / p99",
    value: trio(seq.relay),
    unit: "ms",
  });
  out.push({
    name: "  response head / `message` event p50",
    value: `${round(seq.head.p50)} / ${round(seq.messageEvent.p50)}`,
    unit: "ms",
  });
  const fl = ttft.floors;
  out.push({
    name: `  same server, ${FLOOR_CALLS} sequential GET /healthz / GET /v1/me / replay of a finished answer (first token) p50`,
    value: `${round(fl.healthz.p50)} / ${round(fl.me.p50)} / ${round(fl.replay.p50)}`,
    unit: "ms",
    otherCpuPercent: fl.otherCpu,
  });
  out.push({
    name: `  model's last token → client's \`done\` p50 / p99 (answer: ${m.tokens} tokens, ${m.paceMs} ms apart)`,
    value: `${round(seq.doneAfterLast.p50)} / ${round(seq.doneAfterLast.p99)}`,
    unit: "ms",
  });
  const busiest = Math.max(...ttft.concurrent.map((c) => c.clients));
  for (const con of ttft.concurrent) {
    const judged = con.clients === busiest;
    out.push({
      name: `chat, ${con.clients} concurrent clients (${con.turns - con.failed} turns): added time to first token p50 / p90 / p99`,
      value: trio(con.added),
      unit: "ms",
      detail: con,
      otherCpuPercent: con.otherCpu,
      ...(judged
        ? { goal: `p99 < ${GOALS.concurrentAddedP99Ms} ms`, met: con.added.p99 < GOALS.concurrentAddedP99Ms }
        : {}),
    });
    out.push({
      name: "  sent → model received / model's first token → client's p50",
      value: `${round(con.before.p50)} / ${round(con.relay.p50)}`,
      unit: "ms",
    });
    out.push({
      name: "  model's last token → client's `done` p50 / p99",
      value: `${round(con.doneAfterLast.p50)} / ${round(con.doneAfterLast.p99)}`,
      unit: "ms",
      ...(judged
        ? { goal: `p99 < ${GOALS.concurrentDoneP99Ms} ms`, met: con.doneAfterLast.p99 < GOALS.concurrentDoneP99Ms }
        : {}),
    });
    out.push({
      name: `  server CPU (cores) while ${con.clients} answers stream at ${Math.round(1000 / m.paceMs)} tokens/s each; turns/s`,
      value: `${con.serverCores.toFixed(2)}; ${con.turnsPerSec.toFixed(1)}`,
    });
  }
  out.push({
    name: "  server CPU (cores) during the sequential turns; turns/s",
    value: `${seq.serverCores.toFixed(2)}; ${seq.turnsPerSec.toFixed(1)}`,
  });
  console.log(`\nchat server: ${ttft.command.replace(/LLM_PROVIDERS:\S+/, "LLM_PROVIDERS:[pace model]")}`);
  return out;
}
