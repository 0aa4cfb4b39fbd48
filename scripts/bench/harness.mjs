// Shared benchmark harness: a throwaway `wrangler dev`, dev tokens, autocannon runs and a ratio table.
import { execFileSync, spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { cp, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import autocannon from "autocannon";
import { HYPERDRIVE_VAR } from "../lib/hyperdrive-config.mjs";
import { freePort } from "../lib/free-port.mjs";

export const DEFAULTS = { connections: 50, duration: 10, warmup: 2 };

// Rate limiting is off: the Rate Limiting binding would answer 429 to a single-IP load generator.
// Development mode: the deployed default (production) issues no dev tokens, which the benchmarks use.
// OFFLINE_TOKENS_PER_SECOND:0: the offline provider answers at once, not at `npm run dev`'s reading pace
export const SERVER_VARS = [
  "ENVIRONMENT:development",
  "RATE_LIMIT_ENABLED:false",
  "LOG_LEVEL:warn",
  "OFFLINE_TOKENS_PER_SECOND:0",
];
const QUIET_ENV = { CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false" };

/** The bare route: global middleware and a constant JSON body; every ratio is against it. */
export const bareRoute = { name: "bare route GET /healthz", path: "/healthz", baseline: true };

/** Wall-clock milliseconds since the epoch, to the fraction: what BENCH_SERVER_LOG stamps a line with. */
export const wallClock = () => performance.timeOrigin + performance.now();

/** Runs a command in its own process group so that stopping it also stops workerd. */
function launch(args, { cwd, env }, tail) {
  const child = spawn("npx", args, {
    cwd,
    env: { ...process.env, ...QUIET_ENV, ...env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  // BENCH_SERVER_LOG=<file> keeps the server's whole output, logged at level info (diagnosis runs), each
  // line after the wall-clock time (ms since the epoch) at which it arrived, to line up with a client's clock
  const log = process.env.BENCH_SERVER_LOG ? createWriteStream(process.env.BENCH_SERVER_LOG, { flags: "a" }) : null;
  const keep = (chunk) => {
    const lines = chunk.toString().split("\n").filter(Boolean);
    if (log) {
      const at = wallClock().toFixed(1);
      log.write(lines.map((line) => `${at} ${line}\n`).join(""));
    }
    tail.push(...lines);
    tail.splice(0, Math.max(0, tail.length - 40));
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal)));
  return { child, exited };
}

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

async function waitForHealth(url, exited, timeoutMs) {
  let gone = false;
  exited.then(() => (gone = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !gone) {
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(
    gone ? "wrangler dev exited before /healthz answered" : `no 200 from ${url}/healthz within ${timeoutMs} ms`,
  );
}

/**
 * The committed tree (`git archive HEAD` of `cwd`) in a temp dir, with `cwd`'s node_modules linked
 * in. `wrangler dev` reloads the Worker whenever a file it bundles changes, failing the requests in
 * flight ("Your worker restarted mid-request") and resetting its memory; a server started from this
 * copy keeps running the same code however the working tree is edited meanwhile.
 */
export async function headSnapshot(cwd) {
  const dir = await mkdtemp(join(tmpdir(), "edge-coach-src-"));
  const tar = join(dir, "head.tar");
  execFileSync("git", ["archive", "--format=tar", "-o", tar, "HEAD"], { cwd });
  execFileSync("tar", ["-xf", tar, "-C", dir]);
  await rm(tar);
  await symlink(join(cwd, "node_modules"), join(dir, "node_modules"), "dir");
  // the vendored static parts (gitignored, made by postinstall) that pages and /widget.js are built from
  await cp(join(cwd, "public", "vendor"), join(dir, "public", "vendor"), { recursive: true });
  return dir;
}

/**
 * Applies the D1 migrations to a temp persistence dir and starts `wrangler dev` on it.
 * `vars` (`KEY:VALUE`) are passed with `--var` after SERVER_VARS, replacing a default of the same name.
 * Returns `{ url, pgid, persistTo, command, stop }` (`persistTo` holds the local D1, KV and actor
 * storage, for `wrangler d1 execute DB --local --persist-to`); `stop` (also run on SIGINT/SIGTERM and at exit) kills the
 * whole process group, workerd included, and deletes the persistence dir. With `BENCH_SOURCE=head`
 * in the environment the server runs the committed code from a `headSnapshot` of `cwd` instead of
 * the working tree (for long runs on a tree others are editing); `source` is that commit, or null.
 * `hyperdrive` (a postgres:// URL with a password) adds the HYPERDRIVE binding, as `npm run dev` does.
 */
export async function startServer({ cwd: tree = process.cwd(), timeoutMs = 90_000, vars = [], hyperdrive } = {}) {
  const snapshot = process.env.BENCH_SOURCE === "head" ? await headSnapshot(tree) : null;
  const cwd = snapshot ?? tree;
  const source = snapshot
    ? execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: tree }).toString().trim()
    : null;
  const persistTo = await mkdtemp(join(tmpdir(), "edge-coach-bench-"));
  const tail = [];
  const migrate = launch(
    ["wrangler", "d1", "migrations", "apply", "DB", "--local", "--persist-to", persistTo],
    { cwd, env: { CI: "true" } },
    tail,
  );
  const code = await migrate.exited;
  if (code !== 0) {
    await rm(persistTo, { recursive: true, force: true });
    if (snapshot) await rm(snapshot, { recursive: true, force: true });
    throw new Error(`d1 migrations apply failed (${code}):\n${tail.join("\n")}`);
  }

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // a caller's `vars` (KEY:VALUE) replace the defaults of the same name
  const named = new Set(vars.map((v) => v.slice(0, v.indexOf(":"))));
  const allVars = [...SERVER_VARS.filter((v) => !named.has(v.slice(0, v.indexOf(":")))), ...vars];
  const varArgs = allVars.flatMap((v) => ["--var", v]);
  // BENCH_WRANGLER_ARGS adds flags for a diagnosis run, e.g. "--inspector-port 9339" to profile
  const extra = (process.env.BENCH_WRANGLER_ARGS ?? "").split(/\s+/).filter(Boolean);
  const flags = [
    "--port",
    String(port),
    "--ip",
    "127.0.0.1",
    "--log-level",
    process.env.BENCH_SERVER_LOG ? "info" : "error",
    ...varArgs,
    ...extra,
  ];
  const config = hyperdrive ? ["--config", await hyperdriveConfig(cwd)] : [];
  const args = ["wrangler", "dev", ...config, ...flags, "--persist-to", persistTo];
  // wrangler's inspector proxy turns on the Network domain and forwards every subrequest and streamed
  // chunk to wrangler's node process, which appends each to its debug log: measured at ~45 ms of CPU
  // per streamed coach turn across node and the proxy workerd, more than the Worker's own ~15 ms, and
  // nothing a deployed Worker pays. Bench servers run without it (wrangler 4.86 skips it when it finds
  // VSCODE_INSPECTOR_OPTIONS set); a diagnosis run that asks for --inspector-port keeps it.
  const inspector = extra.includes("--inspector-port") ? {} : { VSCODE_INSPECTOR_OPTIONS: "1" };
  const env = { ...inspector, ...(hyperdrive ? { [HYPERDRIVE_VAR]: hyperdrive } : {}) };
  const { child, exited } = launch(args, { cwd, env }, tail);

  const onExit = () => killGroup(child, "SIGKILL");
  const onSignal = (signal) => {
    stop().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  };
  process.once("exit", onExit);
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  let stopped;
  function stop() {
    stopped ??= (async () => {
      process.off("SIGINT", onSignal).off("SIGTERM", onSignal);
      killGroup(child, "SIGTERM");
      const gone = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]);
      if (!gone) killGroup(child, "SIGKILL");
      process.off("exit", onExit);
      // workerd may still be flushing a KV blob as the group exits: retry instead of losing the run's figures
      const gently = { recursive: true, force: true, maxRetries: 10, retryDelay: 200 };
      await rm(persistTo, gently);
      if (snapshot) await rm(snapshot, gently);
    })();
    return stopped;
  }

  try {
    await waitForHealth(url, exited, timeoutMs);
  } catch (error) {
    await stop();
    throw new Error(`${error.message}; last wrangler output:\n${tail.join("\n")}`);
  }
  const command = `${snapshot ? `BENCH_SOURCE=head (${source}) ` : ""}npx ${args.join(" ").replace(persistTo, "<tmp>")}`;
  return { url, pgid: child.pid, persistTo, source, command, stop };
}

/**
 * wrangler.toml plus the HYPERDRIVE binding, beside it in `cwd` (so main, assets and migrations resolve
 * to the same files) under the gitignored name `npm run dev` uses; `scripts/lib/hyperdrive-config.mjs`
 * writes it in the working tree only, which a `BENCH_SOURCE=head` snapshot must not run.
 */
async function hyperdriveConfig(cwd) {
  const file = join(cwd, "wrangler.hyperdrive.local.toml");
  const base = await readFile(join(cwd, "wrangler.toml"), "utf8");
  await writeFile(file, `${base}\n[[hyperdrive]]\nbinding = "HYPERDRIVE"\nid = "00000000000000000000000000000000"\n`);
  return file;
}

/**
 * A dev token for `userId` (role `user` unless given) from `POST /v1/auth/token`. Issuing a token
 * writes nothing, so a 503 from wrangler dev's proxy ("Your worker restarted mid-request", seen once
 * during a run's setup on 2026-12-06) is retried, at most twice, and said on stderr.
 */
export async function devToken(url, userId, role) {
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(`${url}/v1/auth/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(role ? { userId, role } : { userId }),
    });
    if (res.ok) return (await res.json()).token;
    const detail = `POST /v1/auth/token for ${userId}: ${res.status} ${await res.text()}`;
    if (res.status !== 503 || attempt > 2) throw new Error(detail);
    console.error(`${detail}; retrying`);
    await sleep(500 * attempt);
  }
}

/** Dev tokens for users `<prefix>-0` … `<prefix>-<count - 1>`, 25 at a time. */
export async function tokens(getToken, prefix, count) {
  const out = [];
  for (let i = 0; i < count; i += 25) {
    const ids = Array.from({ length: Math.min(25, count - i) }, (_, j) => `${prefix}-${i + j}`);
    out.push(...(await Promise.all(ids.map((id) => getToken(id)))));
  }
  return out;
}

/** One authenticated JSON request with `fetch` and a 60 s timeout; throws on a non-2xx answer. */
export async function fetchJson(url, method, path, token, body) {
  const res = await fetch(`${url}${path}`, {
    method,
    signal: AbortSignal.timeout(60_000),
    headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

/** The value at quantile `q` of an ascending list. */
export const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

/** The middle value of a list in any order (the mean of the two middle ones for an even count). */
export function median(xs) {
  if (xs.length === 0) throw new Error("median of an empty list");
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** `{ n, p50, p90, p99, min, max }` of a list of numbers (all undefined when it is empty). */
export function summary(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return {
    n: s.length,
    p50: quantile(s, 0.5),
    p90: quantile(s, 0.9),
    p99: quantile(s, 0.99),
    min: s[0],
    max: s.at(-1),
  };
}

const USER_HZ = 100; // the unit of /proc CPU times on every mainstream Linux build

// CPU ticks (Linux /proc) of the whole machine and of this process plus the server's process group.
async function cpuTicks(pgid) {
  const [, ...fields] = (await readFile("/proc/stat", "utf8")).split("\n")[0].trim().split(/\s+/).map(Number);
  // user nice system idle iowait irq softirq steal; guest time is already inside user
  const busy = fields.slice(0, 8).reduce((a, b) => a + b, 0) - fields[3] - fields[4];
  let ours = 0;
  let server = 0;
  for (const pid of await readdir("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime stime cutime cstime: a restarted workerd's time moves into its reaping parent's cutime
    const ticks = f.slice(11, 15).reduce((a, b) => a + Number(b), 0);
    if (Number(pid) === process.pid || Number(f[2]) === pgid) ours += ticks;
    if (Number(f[2]) === pgid) server += ticks;
  }
  return { busy, ours, server };
}

/**
 * Share of the machine's CPU used by anything other than the benchmark while `fn` runs: the machine
 * is shared, and a test run elsewhere halves the figures without any other sign.
 */
export async function foreignCpu(pgid, fn) {
  if (!pgid || process.platform !== "linux") return { value: await fn(), otherCpu: null, serverCpuSeconds: null };
  const before = await cpuTicks(pgid);
  const started = process.hrtime.bigint();
  const value = await fn();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const after = await cpuTicks(pgid);
  const ticks = after.busy - before.busy - (after.ours - before.ours);
  return {
    value,
    otherCpu: Math.max(0, Math.round((100 * ticks) / USER_HZ / seconds / cpus().length)),
    // CPU the server (wrangler and workerd) used meanwhile: a cost that a busy machine hardly moves
    serverCpuSeconds: (after.server - before.server) / USER_HZ,
  };
}

/** CPU seconds the server's process group (wrangler, workerd) has used so far, or null. */
export async function serverCpuSeconds(pgid) {
  if (!pgid || process.platform !== "linux") return null;
  return (await cpuTicks(pgid)).server / USER_HZ;
}

/**
 * Waits until the server's process group has used less than `maxCpuPercent` of one core over the
 * last `windowMs`, so background work a scenario left behind (queue consumers, alarms) does not
 * land in the next one. Returns the milliseconds waited, or `null` when `timeoutMs` passed first.
 */
export async function waitForIdle(pgid, { maxCpuPercent = 10, windowMs = 1000, timeoutMs = 120_000 } = {}) {
  if (!pgid || process.platform !== "linux") return 0;
  const started = Date.now();
  const step = 250;
  const span = Math.ceil(windowMs / step);
  const samples = [(await cpuTicks(pgid)).server];
  while (Date.now() - started < timeoutMs) {
    await sleep(step);
    samples.push((await cpuTicks(pgid)).server);
    if (samples.length > span + 1) samples.shift();
    if (samples.length < span + 1) continue;
    const percent = (100 * (samples[span] - samples[0])) / USER_HZ / ((span * step) / 1000);
    if (percent < maxCpuPercent) return Math.max(0, Date.now() - started - span * step);
  }
  return null;
}

function run(opts) {
  return new Promise((resolve, reject) => {
    autocannon(opts, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/**
 * Loads `url` with one scenario (autocannon options plus `name`, and `path` for the route every
 * request goes to unless the entries of `requests` name their own), after an uncounted warm-up.
 * Pass `setupClient` to give each connection its own headers (e.g. one user per connection), and
 * `pgid` (from `startServer`) to report how busy the rest of the machine was meanwhile. A scenario's
 * own `connections` and `duration` win over the run's. Optional hooks: `before()` runs before the warm-up, and
 * `after(result)` after the measured run; the fields it returns are added to the result.
 */
export async function measure(url, scenario, { connections, duration, warmup, pgid } = DEFAULTS) {
  const { name, baseline, before, after, path, duration: ownDuration, ...opts } = scenario;
  // autocannon takes the request path from `url` (or from each entry of `requests`); it ignores a
  // top-level `path` option and would send every request to `/`, which the static assets answer.
  if (!path && !opts.requests?.length) {
    throw new Error(`scenario "${name}" names no path: every request would go to / (the static start page)`);
  }
  const target = path ? new URL(path, url).href : url;
  const base = { url: target, connections: connections ?? DEFAULTS.connections, ...opts };
  await before?.();
  if ((warmup ?? DEFAULTS.warmup) > 0) await run({ ...base, duration: warmup ?? DEFAULTS.warmup });
  const {
    value: r,
    otherCpu,
    serverCpuSeconds: cpu,
  } = await foreignCpu(pgid, () => run({ ...base, duration: ownDuration ?? duration ?? DEFAULTS.duration }));
  const result = {
    name,
    baseline: Boolean(baseline),
    connections: base.connections,
    requestsPerSec: r.requests.average,
    p50: r.latency.p50,
    p90: r.latency.p90,
    p99: r.latency.p99,
    total: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    otherCpuPercent: otherCpu,
    serverCpuMsPerRequest: cpu === null || r.requests.total === 0 ? null : (1000 * cpu) / r.requests.total,
  };
  return after ? { ...result, ...(await after(result)) } : result;
}

/** Prints one row per result with its throughput as a ratio of the baseline result. */
export function printTable(results, { title = "Results" } = {}) {
  const base = results.find((r) => r.baseline) ?? results[0];
  const rows = results.map((r) => ({
    scenario: r.name,
    conns: r.connections ?? "-",
    "req/s": Math.round(r.requestsPerSec),
    "× bare": base ? (r.requestsPerSec / base.requestsPerSec).toFixed(2) : "-",
    "p50 ms": r.p50,
    "p90 ms": r.p90,
    "p99 ms": r.p99,
    "non-2xx": r.non2xx,
    errors: r.errors,
    "server CPU ms/req": r.serverCpuMsPerRequest == null ? "-" : r.serverCpuMsPerRequest.toFixed(2),
    "other CPU %": r.otherCpuPercent ?? "-",
  }));
  printRows(title, rows);
}

/**
 * Prints figures a bench computed itself (`{ name, value, unit?, goal?, met? }`), with `goal` as
 * text (e.g. "≥ 0.7") and `met` true/false when the figure has one.
 */
export function printFigures(figures, { title = "Figures" } = {}) {
  if (figures.length === 0) return;
  const rows = figures.map((f) => ({
    figure: f.name,
    value: `${formatValue(f.value)}${f.unit ? ` ${f.unit}` : ""}`,
    goal: f.goal ?? "",
    met: f.met === undefined ? "" : f.met ? "yes" : "NO",
  }));
  printRows(title, rows);
}

function formatValue(v) {
  if (typeof v !== "number") return String(v);
  if (Number.isInteger(v)) return v.toLocaleString("en-US");
  return Math.abs(v) >= 100 ? Math.round(v).toLocaleString("en-US") : String(Math.round(v * 100) / 100);
}

function printRows(title, rows) {
  const cols = Object.keys(rows[0] ?? {});
  const width = cols.map((c) => Math.max(c.length, ...rows.map((row) => String(row[c]).length)));
  const line = (cells) =>
    "| " +
    cells.map((v, i) => (i === 0 ? String(v).padEnd(width[i]) : String(v).padStart(width[i]))).join(" | ") +
    " |";
  console.log(`\n${title}`);
  console.log(line(cols));
  console.log("|" + width.map((w, i) => (i === 0 ? "-".repeat(w + 2) : "-".repeat(w + 1) + ":")).join("|") + "|");
  for (const row of rows) console.log(line(cols.map((c) => row[c])));
}

/** `Server-Timing: actor;dur=3.1, app;dur=4.0` → { actor: 3.1, app: 4 }. */
export function serverTimings(header) {
  const out = {};
  for (const entry of (header ?? "").split(",")) {
    const [name, ...params] = entry.trim().split(";");
    const dur = params.map((p) => p.trim()).find((p) => p.startsWith("dur="));
    if (name && dur) out[name] = Number(dur.slice(4));
  }
  return out;
}

/**
 * Where the reads of at least `minMs` spent their time, medians over those reads: outside the
 * Worker (client, wrangler's proxy, waiting for workerd's thread), in the Worker but not waiting
 * for the user's actor, and in the actor call (the actor, its index calls, RPC transport).
 */
export function whereTimeWent(reads, timings, minMs) {
  const slow = reads.flatMap((ms, i) => {
    const t = timings[i] ?? {};
    if (ms < minMs || t.app === undefined || t.actor === undefined) return [];
    return [{ outside: ms - t.app, worker: t.app - t.actor, actor: t.actor }];
  });
  const med = (key) =>
    quantile(
      slow.map((s) => s[key]).sort((x, y) => x - y),
      0.5,
    );
  return slow.length === 0
    ? null
    : { reads: slow.length, outside: med("outside"), worker: med("worker"), actor: med("actor"), each: slow };
}
