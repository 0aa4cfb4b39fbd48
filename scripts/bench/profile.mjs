// Where the Worker's one thread spends its time under a load (diagnosis, not a bench: no figures go to
// BENCHMARKS from here). Starts `wrangler dev` with an inspector port, takes a V8 CPU profile of the
// isolate (routes, queue consumer and every actor) during each phase, prints the heaviest functions
// by self and by total time, and writes each profile to `.bench/<phase>.cpuprofile` (open it in
// Chrome DevTools → Performance).
//
//   node scripts/bench/profile.mjs ingest   # batch ingest at 8 connections, then the background drain
//   node scripts/bench/profile.mjs single   # bare route, GET /v1/me, single-event ingest at 50 users
//   node scripts/bench/profile.mjs chat     # 20 concurrent streamed coach turns against the paced model
//   node scripts/bench/profile.mjs computed # the recs bench's computed-read trials, one connection, slow reads listed
//   PROFILE_SECONDS=20 PROFILE_DRAIN_SECONDS=30 node scripts/bench/profile.mjs ingest
//   PROFILE_OFF=1 TMPDIR=/dev/shm node scripts/bench/profile.mjs single   # no sampler; storage on tmpfs (no fsync)
//   PROFILE_STAGGER_MS=22 PROFILE_OFF=1 node scripts/bench/profile.mjs chat   # client i starts i × 22 ms late (not in step)
//   PROFILE_HEAP=all node scripts/bench/profile.mjs computed   # sampled allocations by function instead of CPU (or =live)
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { connectInspector, freePort } from "../lib/inspector.mjs";
import { agent } from "./chat-client.mjs";
import { MODEL, collect, indexKnowledge, sessions, startChatServer, timedTurn } from "./chat.bench.mjs";
import { startPaceLlm } from "./chat-pace-llm.mjs";
import {
  bareRoute,
  devToken,
  measure,
  quantile,
  serverCpuSeconds,
  startServer,
  tokens,
  waitForIdle,
} from "./harness.mjs";
import { GOALS, call, freshnessTrial, ingestScenario, items, traceId } from "./recs.bench.mjs";
import { meAcrossUsers } from "./baseline.bench.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const SECONDS = Number(process.env.PROFILE_SECONDS ?? 15);
const DRAIN_SECONDS = Number(process.env.PROFILE_DRAIN_SECONDS ?? 20);
const TOP = Number(process.env.PROFILE_TOP ?? 30);
const IGNORED = new Set(["(root)", "(program)", "(idle)"]);

/** A profile node's function: its name, file and line. */
function frameKey(f) {
  const file = f.url ? f.url.slice(f.url.lastIndexOf("/") + 1) : "";
  return `${f.functionName || "(anonymous)"} ${file}:${f.lineNumber + 1}`;
}

/** Self and total milliseconds per function (name + position) of a CDP profile. */
export function heaviest(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const key = (n) => frameKey(n.callFrame);
  const self = new Map();
  const total = new Map();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const node = byId.get(id);
    if (IGNORED.has(node.callFrame.functionName)) return;
    busy += ms;
    self.set(key(node), (self.get(key(node)) ?? 0) + ms);
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const k = key(byId.get(at));
      if (!seen.has(k) && !IGNORED.has(byId.get(at).callFrame.functionName)) {
        seen.add(k);
        total.set(k, (total.get(k) ?? 0) + ms);
      }
    }
  });
  const wall = (profile.endTime - profile.startTime) / 1000;
  const top = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, TOP);
  return { wall, busy, self: top(self), total: top(total) };
}

function print(phase, h) {
  const pct = (ms) => `${((100 * ms) / h.wall).toFixed(1).padStart(5)} %`;
  console.log(`\n== ${phase}: ${(h.wall / 1000).toFixed(1)} s, JavaScript busy ${pct(h.busy)} of it`);
  console.log("-- self time");
  for (const [k, ms] of h.self) console.log(`${pct(ms)}  ${k}`);
  console.log("-- total time (function and what it called)");
  for (const [k, ms] of h.total) console.log(`${pct(ms)}  ${k}`);
}

/**
 * Profiles `fn` in the isolate behind `port` (its CPU, or with PROFILE_HEAP its allocations); prints
 * the summary and saves the profile to `.bench/<phase>.<kind>` (Chrome DevTools opens both kinds).
 */
async function profiled(port, phase, fn) {
  if (process.env.PROFILE_OFF === "1") {
    // the same load without the sampler, to compare, or to record with an outside profiler (perf):
    // the phase's start is announced so that a script can attach at the right moment
    console.log(`-- ${phase} starts`);
    return fn();
  }
  const sampler = process.env.PROFILE_HEAP ? heapSampler(process.env.PROFILE_HEAP === "all") : cpuSampler;
  const inspector = await connectInspector(port, { timeoutMs: 120_000 });
  try {
    await sampler.start(inspector);
    const value = await fn();
    const profile = await sampler.stop(inspector);
    await mkdir(join(root, ".bench"), { recursive: true });
    await writeFile(join(root, ".bench", `${phase}.${sampler.kind}`), JSON.stringify(profile));
    sampler.print(phase, profile);
    return value;
  } finally {
    inspector.close();
  }
}

const cpuSampler = {
  kind: "cpuprofile",
  async start(inspector) {
    await inspector.send("Profiler.enable");
    await inspector.send("Profiler.setSamplingInterval", { interval: 200 });
    await inspector.send("Profiler.start");
  },
  stop: async (inspector) => (await inspector.send("Profiler.stop")).profile,
  print: (phase, profile) => print(phase, heaviest(profile)),
};

/**
 * PROFILE_HEAP=live|all: samples the isolate's allocations (CDP HeapProfiler sampling) and prints
 * bytes by allocating function: `live` (all = false) counts what is still reachable when the phase
 * ends (what the collector copies and marks), `all` everything allocated (what makes it run).
 */
const heapSampler = (all) => ({
  kind: "heapprofile",
  async start(inspector) {
    await inspector.send("HeapProfiler.enable");
    await inspector.send("HeapProfiler.startSampling", {
      samplingInterval: 16_384,
      includeObjectsCollectedByMajorGC: all,
      includeObjectsCollectedByMinorGC: all,
    });
  },
  stop: async (inspector) => (await inspector.send("HeapProfiler.stopSampling")).profile,
  print(phase, profile) {
    const bytes = new Map();
    let sum = 0;
    const walk = (node) => {
      const key = frameKey(node.callFrame);
      bytes.set(key, (bytes.get(key) ?? 0) + node.selfSize);
      sum += node.selfSize;
      for (const child of node.children ?? []) walk(child);
    };
    walk(profile.head);
    console.log(`\n== ${phase}: ${(sum / 1e6).toFixed(1)} MB sampled, ${all ? "all allocations" : "live at the end"}`);
    for (const [key, b] of [...bytes].sort((x, y) => y[1] - x[1]).slice(0, TOP))
      console.log(`${(b / 1e3).toFixed(0).padStart(8)} KB  ${key}`);
  },
});

async function withInspector(start) {
  // without the sampler the server runs as benches run it: no inspector (see startServer)
  if (process.env.PROFILE_OFF === "1") return { port: null, server: await start() };
  const port = await freePort();
  process.env.BENCH_WRANGLER_ARGS = `${process.env.BENCH_WRANGLER_ARGS ?? ""} --inspector-port ${port}`;
  return { port, server: await start() };
}

const SEEDED = 2000;
const EVENTS_PER_REQUEST = 500;
const seededItem = () => items[Math.floor(Math.random() * SEEDED)].id;
const seededEvent = (type = "view") => ({ traceId: traceId(), type, itemId: seededItem() });

/** A profiling server with SEEDED items stored and indexed; `run` gets it, then it stops. */
async function withSeededServer(run) {
  const { port, server } = await withInspector(() => startServer({ cwd: root }));
  const { url, pgid } = server;
  try {
    const getToken = (id, role) => devToken(url, id, role);
    const admin = await getToken("profile-admin", "admin");
    for (let i = 0; i < SEEDED; i += 1000)
      await call(url, "POST", "/v1/items/batch", admin, { items: items.slice(i, i + 1000) });
    await waitForIdle(pgid, { windowMs: 2000, timeoutMs: 120_000 });
    // the drain is profiled on its own, so scenarios do not wait for it
    const ctx = { serverCpuSeconds: () => serverCpuSeconds(pgid), waitForIdle: async () => null };
    await run({ port, url, pgid, getToken, ctx });
  } finally {
    await server.stop();
  }
}

async function ingest() {
  await withSeededServer(async ({ port, url, pgid, getToken, ctx }) => {
    const users = await tokens(getToken, "profile-ingest", 8);
    const scenario = ingestScenario(ctx, {
      name: "batch ingest",
      connections: 8,
      users,
      eventsPerRequest: EVENTS_PER_REQUEST,
      body: () => ({
        events: Array.from({ length: EVENTS_PER_REQUEST }, () => seededEvent(Math.random() < 0.7 ? "view" : "click")),
      }),
    });
    const cpuBefore = await serverCpuSeconds(pgid);
    const load = await profiled(port, "ingest-load", () =>
      measure(url, scenario, { connections: 8, duration: SECONDS, warmup: 0, pgid }),
    );
    const eventsPerSec = load.requestsPerSec * EVENTS_PER_REQUEST;
    console.log(`\nload: ${Math.round(eventsPerSec)} events/s accepted for ${SECONDS} s`);
    if (process.env.PROFILE_OFF === "1") {
      // no sampler: the drain ends when the server is idle, as in the recs bench
      const waited = await waitForIdle(pgid, { windowMs: 6_000, timeoutMs: 120_000 });
      const drainS = waited === null ? null : waited / 1000;
      const events = eventsPerSec * SECONDS;
      const sustained = drainS === null ? "-" : Math.round(events / (SECONDS + drainS));
      const cpuUs = (((await serverCpuSeconds(pgid)) - cpuBefore) * 1e6) / events;
      console.log(
        `drain: ${drainS ?? "> 120"} s; ${sustained} events/s including it; ${cpuUs.toFixed(1)} µs server CPU an event`,
      );
      return;
    }
    // the sampler itself keeps the server above waitForIdle's threshold, so the drain is a fixed window
    await profiled(port, "ingest-drain", () => sleep(DRAIN_SECONDS * 1000));
  });
}

/** The bare route, GET /v1/me and single-event ingest at 50 users, each profiled on its own. */
async function single() {
  await withSeededServer(async ({ port, url, pgid, getToken, ctx }) => {
    const users = await tokens(getToken, "profile-single", 50);
    const ingest = ingestScenario(ctx, {
      name: "single-event ingest",
      connections: 50,
      users,
      eventsPerRequest: 1,
      body: () => ({ events: [seededEvent()] }),
    });
    const rows = [];
    for (const scenario of [bareRoute, await meAcrossUsers((id) => getToken(id)), ingest]) {
      await measure(url, scenario, { connections: 50, duration: 3, warmup: 0, pgid }); // warm
      const phase = scenario.name.replace(/[^a-z0-9]+/gi, "-").toLowerCase();
      const r = await profiled(port, phase, () =>
        measure(url, scenario, { connections: 50, duration: SECONDS, warmup: 0, pgid }),
      );
      rows.push(
        `${scenario.name}: ${Math.round(r.requestsPerSec)} req/s, ${r.serverCpuMsPerRequest?.toFixed(2)} ms server CPU a request`,
      );
    }
    console.log(`\n${rows.join("\n")}`);
  });
}

async function chat() {
  const clients = Number(process.env.PROFILE_CLIENTS ?? 20);
  const llm = await startPaceLlm(MODEL);
  const { port, server } = await withInspector(() => startChatServer(llm));
  const { url, pgid } = server;
  try {
    await indexKnowledge(url, (id, role) => devToken(url, id, role));
    const group = await sessions(url, "profile-chat", clients);
    await Promise.all(group.map((s) => timedTurn(url, llm, s))); // warm-up
    await waitForIdle(pgid, { timeoutMs: 30_000 });
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    const cpuBefore = await serverCpuSeconds(pgid);
    const turns = await profiled(port, "chat", async () => {
      const out = [];
      const until = Date.now() + SECONDS * 1000;
      const staggerMs = Number(process.env.PROFILE_STAGGER_MS ?? 0);
      await Promise.all(
        group.map(async (s, i) => {
          await sleep(i * staggerMs);
          while (Date.now() < until) out.push(await timedTurn(url, llm, s));
        }),
      );
      return out;
    });
    const cpuMs = ((await serverCpuSeconds(pgid)) - cpuBefore) * 1000;
    loop.disable();
    const c = collect(turns);
    const line = (k) => `${k} p50 ${c[k].p50?.toFixed(1)} / p99 ${c[k].p99?.toFixed(1)} ms`;
    console.log(`\n${clients} clients, ${c.turns} turns (${c.failed} failed) in ${SECONDS} s`);
    console.log(`server CPU ${(cpuMs / c.turns).toFixed(1)} ms a turn (${(cpuMs / SECONDS / 1000).toFixed(2)} cores)`);
    for (const k of ["added", "before", "relay", "doneAfterLast"]) console.log(line(k));
    const ms = (ns) => (ns / 1e6).toFixed(1);
    console.log(
      `this process's event loop delay p50 ${ms(loop.percentile(50))} / p99 ${ms(loop.percentile(99))} / max ${ms(loop.max)} ms`,
    );
  } finally {
    await server.stop();
    await llm.close();
    agent.destroy();
  }
}

/**
 * The recs bench's computed reads (view, read, click, read again: the second read is timed), one user
 * per trial over one connection. Each read at or over the bench's goal for their p99 is listed with the wall-clock time it was sent
 * (ms since the epoch, as BENCH_SERVER_LOG stamps the server's lines) and its Server-Timing.
 */
async function computed() {
  const trials = Number(process.env.PROFILE_TRIALS ?? 600);
  const SLOW_MS = GOALS.computedP99Ms;
  await withSeededServer(async ({ port, pgid, url, getToken }) => {
    const users = await tokens(getToken, "profile-computed", trials);
    await waitForIdle(pgid, { windowMs: 2000, timeoutMs: 120_000 });
    const reads = await profiled(port, "computed", async () => {
      const out = [];
      for (const token of users) {
        const trial = await freshnessTrial(url, token, seededItem());
        if (trial) out.push({ at: trial.readSentAt, ms: trial.readMs, timing: trial.readTiming });
      }
      return out;
    });
    const sorted = reads.map((r) => r.ms).sort((a, b) => a - b);
    const q = (p) => quantile(sorted, p).toFixed(1);
    const slow = reads.filter((r) => r.ms >= SLOW_MS);
    console.log(
      `\n${reads.length} computed reads: p50 ${q(0.5)} / p90 ${q(0.9)} / p99 ${q(0.99)} ms; ${slow.length} over ${SLOW_MS} ms`,
    );
    for (const r of slow)
      console.log(`  sent at ${r.at.toFixed(1)}: ${r.ms.toFixed(1)} ms (Server-Timing ${JSON.stringify(r.timing)})`);
  });
}

const phases = { ingest, single, chat, computed };
const which = process.argv[2];
if (!phases[which]) {
  console.error(`usage: node scripts/bench/profile.mjs ${Object.keys(phases).join("|")}`);
  process.exit(2);
}
await phases[which]();
