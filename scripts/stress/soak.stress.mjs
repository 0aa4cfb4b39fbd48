// Soak: every product line at once, from many users, for five minutes at about two thirds of the
// rate the machine sustains, watching errors, latency per route family and the server's memory.
//
// Rate scheme: a closed-loop calibration (a fixed number of clients, each sending its next request
// when the last one answered) finds the throughput the server sustains for this mix on this machine
// today; the soak then sends requests open-loop, at Poisson arrivals of RATE_FRACTION × that rate,
// and times each one from its scheduled arrival. A closed loop slows down with the server and hides
// its stalls (coordinated omission); open arrivals keep coming, so a stall shows as latency and as
// a growing number of requests in flight. Below saturation (two thirds) the queue stays short and
// the figures describe the server, not an overload.
//
// SOAK_SECONDS (default 300) shortens the soak while developing; SOAK_RATE skips the calibration
// and fixes the arrival rate (requests/s); SOAK_CAL_CLIENTS sets the calibration's clients.
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { fetchJson, foreignCpu, summary, tokens, waitForIdle } from "../bench/harness.mjs";
import { demoCatalogue, rng } from "../seed/catalogue.mjs";
import { liveSockets } from "./lib/soak-live.mjs";
import { growth, restarts, samplesCsv, startSampler } from "./lib/soak-memory.mjs";
import { FAMILIES, recorder } from "./lib/soak-record.mjs";
import { workload } from "./lib/soak-workload.mjs";

export const name = "soak";
export const title = "Soak: mixed use of every product line at the rate the machine sustains";

const setting = (key, fallback) => (process.env[key] ? Number(process.env[key]) : fallback);
const SOAK_SECONDS = setting("SOAK_SECONDS", 300);
const FIXED_RATE = setting("SOAK_RATE", null);
const CALIBRATION = { clients: setting("SOAK_CAL_CLIENTS", 24), warmupS: 8, seconds: 20 };
const RATE_FRACTION = 0.65;
const USERS = 200;
const LIVE_SOCKETS = setting("SOAK_LIVE_SOCKETS", 30);
const ITEMS = 300;
// past this many requests in flight the server has stopped keeping up; more would only measure the client
const MAX_IN_FLIGHT = 2000;
// No growth. workerd's resident memory is a sawtooth (V8 collects each isolate's heap in steps;
// SQLite page caches of the actors and D1 fill up to their bound in the first minutes), so the
// verdict compares medians of whole minutes, not single samples. A leak of one kilobyte per request
// at ~150 requests/s grows workerd by ~9 MB/min, 36 MB over the four minutes between the windows:
// more than 15 % of a ~200 MB workerd and far over the slope bound, so both checks catch it, while
// the sawtooth's few MB do not trip them.
const MEMORY = { windowS: 60, maxRatio: 1.15, maxSlopeMbPerMin: 4 };

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const round = (v, digits = 0) => (v === undefined || v === null ? "n/a" : Number(v.toFixed(digits)));

/** `clients` clients, each sending its next operation as soon as the last one answered. */
async function closedLoop(wl, clients, seconds) {
  const end = performance.now() + seconds * 1000;
  let done = 0;
  const client = async () => {
    while (performance.now() < end) {
      await wl.op();
      done++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, client));
  return done / ((performance.now() - started) / 1000);
}

/** Poisson arrivals at `rate` per second for `seconds`; resolves when every request has answered. */
async function openLoop(wl, rate, seconds, random, progress, clientErrors) {
  const started = performance.now();
  const end = started + seconds * 1000;
  const inFlight = new Set();
  progress.inFlight = () => inFlight.size;
  let next = started;
  let sent = 0;
  while (next < end) {
    for (const now = performance.now(); next <= now && next < end; next += (-Math.log(1 - random()) * 1000) / rate) {
      if (inFlight.size >= MAX_IN_FLIGHT) {
        wl.rec.fail("all", null, "dropped", `${MAX_IN_FLIGHT} requests already in flight`);
        continue;
      }
      const p = wl
        .op(next)
        .catch((error) => clientErrors.push(error.stack ?? String(error)))
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
      sent++;
    }
    await sleep(Math.max(0, Math.min(5, next - performance.now())));
  }
  const sentSeconds = (performance.now() - started) / 1000;
  await Promise.all(inFlight);
  return { sent, sentSeconds, drainedAfterMs: performance.now() - started - seconds * 1000 };
}

async function seed(ctx) {
  const admin = await ctx.token("soak-admin", "admin");
  const items = demoCatalogue(ITEMS, { prefix: `soak${ctx.seed}`, seed: ctx.seed });
  await fetchJson(ctx.url, "POST", "/v1/items/batch", admin, { items });
  const prefix = `soak-${ctx.seed}`;
  const list = await tokens(ctx.token, prefix, USERS);
  return { items, users: list.map((token, i) => ({ id: `${prefix}-${i}`, token })) };
}

export async function run(ctx) {
  const failures = [];
  const clientErrors = [];
  const progress = { inFlight: () => 0 };
  const sampler = startSampler(ctx.pgid, new URL(ctx.url).port, { extra: () => ({ inFlight: progress.inFlight() }) });
  const random = rng(ctx.seed);
  const { items, users } = await seed(ctx);
  ctx.log(`seeded ${ITEMS} items and ${USERS} users; waiting for the embedding queue`);
  await waitForIdle(ctx.pgid, { timeoutMs: 60_000 });

  const wl = workload({ users, items, random, rec: recorder(ctx.url) });
  const live = liveSockets(ctx.url, users, LIVE_SOCKETS, random, wl);

  sampler.setPhase("calibration");
  let calibrated = null;
  let rate = FIXED_RATE;
  if (rate === null) {
    await closedLoop(wl, CALIBRATION.clients, CALIBRATION.warmupS);
    wl.rec = recorder(ctx.url);
    calibrated = await closedLoop(wl, CALIBRATION.clients, CALIBRATION.seconds);
    rate = calibrated * RATE_FRACTION;
    ctx.log(`calibration: ${round(calibrated)} requests/s with ${CALIBRATION.clients} clients in closed loop`);
  }
  const calibration = wl.rec;

  sampler.setPhase("soak");
  wl.rec = recorder(ctx.url);
  const soakFrom = sampler.elapsed();
  ctx.log(`soak: ${SOAK_SECONDS} s at ${round(rate)} requests/s (Poisson arrivals)`);
  const ticker = setInterval(() => {
    const errors = wl.rec.errorCount;
    ctx.log(
      `  ${round(sampler.elapsed() - soakFrom)} s: ${wl.rec.requests} requests, ${errors} errors, ${progress.inFlight()} in flight`,
    );
  }, 30_000);
  const soak = await foreignCpu(ctx.pgid, () => openLoop(wl, rate, SOAK_SECONDS, random, progress, clientErrors));
  clearInterval(ticker);
  const soakTo = soakFrom + SOAK_SECONDS;

  sampler.setPhase("drain");
  await wl.settle();
  const socketsOpened = live.opened;
  await live.stop();
  const idleAfterMs = await waitForIdle(ctx.pgid, { timeoutMs: 120_000 });
  const health = await fetch(`${ctx.url}/healthz`, { signal: AbortSignal.timeout(10_000) })
    .then((r) => r.status)
    .catch((error) => error.message);
  const samples = await sampler.stop();
  await mkdir(join(root, "test-results"), { recursive: true });
  await writeFile(join(root, "test-results", "soak-memory.csv"), samplesCsv(samples));

  const rec = wl.rec;
  const windowS = Math.min(MEMORY.windowS, SOAK_SECONDS / 3);
  const mem = growth(samples, { from: soakFrom, to: soakTo, windowS, key: "workerd" });
  const proxy = growth(samples, { from: soakFrom, to: soakTo, windowS, key: "proxy" });
  const group = growth(samples, { from: soakFrom, to: soakTo, windowS, key: "total" });
  const spread = (g) => `${round(g?.firstMedian)} / ${round(g?.lastMedian)} / ${round(g?.peak)}`;
  const ratio = mem && mem.lastMedian / mem.firstMedian;
  const pushes = Object.values(live.pushes).reduce((a, b) => a + b, 0);
  const { sent, sentSeconds } = soak.value;
  const figures = [
    { name: "soak duration", value: SOAK_SECONDS, unit: "s", goal: "300", met: SOAK_SECONDS >= 300 },
    ...(calibrated === null
      ? []
      : [
          {
            name: `calibrated throughput (${CALIBRATION.clients} clients, closed loop)`,
            value: round(calibrated),
            unit: "requests/s",
          },
        ]),
    { name: `target arrival rate (${RATE_FRACTION * 100} % of calibrated)`, value: round(rate), unit: "requests/s" },
    {
      name: "achieved arrival rate",
      value: round(sent / sentSeconds, 1),
      unit: "requests/s",
      goal: "≥ 95 % of target",
      met: sent / sentSeconds >= 0.95 * rate,
    },
    { name: "requests (with job polls and socket opens)", value: rec.requests },
    {
      name: "error rate (5xx, 4xx, connection, timeout, wrong answer)",
      value: round((100 * rec.errorCount) / Math.max(1, rec.requests), 3),
      unit: "%",
      goal: "0",
      met: rec.errorCount === 0,
    },
    {
      name: "POSTs lost by wrangler's dev proxy (its 503 'worker restarted mid-request' with no restart)",
      value: rec.proxyDropped,
    },
    {
      name: "errors by kind",
      value: Object.entries(rec.errors)
        .map(([k, v]) => `${k} ${v}`)
        .join(", "),
    },
    { name: "errors during calibration", value: calibration.errorCount, goal: "0", met: calibration.errorCount === 0 },
    ...FAMILIES.filter((f) => rec.latency[f].length > 0).map((f) => {
      const s = summary(rec.latency[f]);
      return { name: `p50 / p99, ${f} (${s.n} requests)`, value: `${round(s.p50)} / ${round(s.p99)}`, unit: "ms" };
    }),
    { name: "workerd restarts during the run", value: restarts(samples), goal: "0", met: restarts(samples) === 0 },
    { name: "workerd RSS at start", value: round(samples[0]?.workerd, 1), unit: "MB" },
    { name: "workerd RSS, median of the soak's first minute", value: round(mem?.firstMedian, 1), unit: "MB" },
    { name: "workerd RSS, median of the soak's last minute", value: round(mem?.lastMedian, 1), unit: "MB" },
    { name: "workerd RSS, peak during the soak", value: round(mem?.peak, 1), unit: "MB" },
    {
      name: "workerd RSS growth (last-minute / first-minute median)",
      value: round(ratio, 3),
      goal: `≤ ${MEMORY.maxRatio}`,
      met: ratio !== null && ratio <= MEMORY.maxRatio,
    },
    {
      name: "workerd RSS trend (least-squares slope over the soak)",
      value: round(mem?.slopeMbPerMin, 2),
      unit: "MB/min",
      goal: `≤ ${MEMORY.maxSlopeMbPerMin}`,
      met: mem !== null && mem.slopeMbPerMin <= MEMORY.maxSlopeMbPerMin,
    },
    {
      name: "wrangler's proxy workerd RSS, first-minute / last-minute median / peak",
      value: spread(proxy),
      unit: "MB",
    },
    { name: "server process group RSS, first-minute / last-minute median / peak", value: spread(group), unit: "MB" },
    { name: "live sockets opened (30 held at a time)", value: socketsOpened },
    {
      name: "live pushes received",
      value: `${pushes} (${Object.entries(live.pushes)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ")})`,
      goal: "> 0",
      met: pushes > 0,
    },
    { name: "test pushes delivered to open sockets", value: wl.pushTests.delivered },
    {
      name: "interview jobs succeeded / submitted",
      value: `${wl.jobs.succeeded} / ${wl.jobs.submitted}`,
      goal: "all",
      met: wl.jobs.succeeded === wl.jobs.submitted,
    },
    {
      name: "queues and alarms idle after the soak",
      value: idleAfterMs === null ? "no (120 s)" : `${round(idleAfterMs)} ms`,
      goal: "within 120 s",
      met: idleAfterMs !== null,
    },
    { name: "GET /healthz after the soak", value: health, goal: "200", met: health === 200 },
    { name: "other CPU load on the machine during the soak", value: soak.otherCpu ?? "n/a", unit: "%" },
    {
      name: "server CPU during the soak",
      value: soak.serverCpuSeconds === null ? "n/a" : round(soak.serverCpuSeconds / SOAK_SECONDS, 2),
      unit: "cores",
    },
  ];
  failures.push(
    ...rec.errorSamples,
    ...calibration.errorSamples.map((e) => `calibration: ${e}`),
    ...wl.jobs.failed.map((j) => `job ${j}`),
    ...clientErrors.map((e) => `soak client: ${e}`),
  );
  if (!mem) failures.push("no memory samples from /proc: is the server's process group gone?");
  return { figures, failures };
}
