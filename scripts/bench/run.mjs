// `npm run bench [-- <name>…]`: every scripts/bench/*.bench.mjs (or the named ones) against one
// throwaway `wrangler dev`.
import { execFileSync } from "node:child_process";
import { mkdir, readdir, writeFile } from "node:fs/promises";
import { cpus } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import {
  bareRoute,
  DEFAULTS,
  devToken,
  foreignCpu,
  measure,
  printFigures,
  printTable,
  SERVER_VARS,
  serverCpuSeconds,
  startServer,
  waitForIdle,
} from "./harness.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");

function usage(message) {
  console.error(
    `${message}\nusage: node scripts/bench/run.mjs [<name>…] [--duration 10] [--connections 50] [--warmup 2] [--only <name>]…`,
  );
  process.exit(2);
}

const options = {
  duration: { type: "string", default: String(DEFAULTS.duration) },
  connections: { type: "string", default: String(DEFAULTS.connections) },
  warmup: { type: "string", default: String(DEFAULTS.warmup) },
  only: { type: "string", multiple: true },
};
let values;
let positionals;
try {
  ({ values, positionals } = parseArgs({ options, allowPositionals: true }));
} catch (error) {
  usage(error.message);
}
// `run.mjs recs baseline` is the same as `--only recs --only baseline`.
const only = [...(values.only ?? []), ...positionals];
const load = {
  duration: Number(values.duration),
  connections: Number(values.connections),
  warmup: Number(values.warmup),
};
for (const [flag, n] of Object.entries(load)) {
  if (!Number.isInteger(n) || n < (flag === "warmup" ? 0 : 1))
    usage(`--${flag} must be a whole number, got ${values[flag]}`);
}

const files = (await readdir(here)).filter((f) => f.endsWith(".bench.mjs")).sort();
// Import only the named benches when every name is a file's (`recs` → recs.bench.mjs), so a bench
// that is being written elsewhere cannot break the others; otherwise look at every file's `name`.
const named = files.filter((f) => only.includes(f.slice(0, -".bench.mjs".length)));
const candidates = only.length > 0 && named.length === only.length ? named : files;
const benches = [];
for (const file of candidates) {
  const mod = await import(pathToFileURL(join(here, file)).href);
  if (only.length === 0 || only.includes(mod.name)) benches.push(mod);
}
const unknown = only.filter((n) => !benches.some((b) => b.name === n));
if (benches.length === 0 || unknown.length > 0) usage(`no bench named ${unknown.join(", ")} in ${files.join(", ")}`);

const version = (...args) =>
  execFileSync("npx", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
const versions = {
  node: process.versions.node,
  wrangler: version("wrangler", "--version"),
  workerd: version("workerd", "--version"),
};

console.log(`${load.connections} connections, ${load.duration} s each after a ${load.warmup} s warm-up, loopback`);
console.log(`wrangler dev with --log-level error and --var ${SERVER_VARS.join(" --var ")}`);
console.log("(rate limiting is off: the Rate Limiting binding would answer 429 to a single-IP load generator)");

const server = await startServer({ cwd: root });
const results = [];
const figures = [];
try {
  const ctx = {
    url: server.url,
    load,
    devToken: (userId, role) => devToken(server.url, userId, role),
    waitForIdle: (opts) => waitForIdle(server.pgid, opts),
    foreignCpu: (fn) => foreignCpu(server.pgid, fn),
    serverCpuSeconds: () => serverCpuSeconds(server.pgid),
  };
  const planned = [];
  for (const bench of benches) {
    for (const s of await bench.scenarios(ctx)) {
      // A bench may repeat another's scenario for its ratios (e.g. GET /v1/me); measure it once.
      if (!planned.some((p) => p.name === s.name)) planned.push({ bench: bench.name, ...s });
    }
  }
  // Ratios need the bare route from this run even when --only leaves the baseline bench out.
  if (!planned.some((s) => s.baseline)) planned.unshift({ bench: "baseline", ...bareRoute });
  for (const { bench, ...scenario } of planned) {
    process.stdout.write(`measuring ${scenario.name} … `);
    const result = { bench, ...(await measure(server.url, scenario, { ...load, pgid: server.pgid })) };
    console.log(`${Math.round(result.requestsPerSec)} req/s`);
    results.push(result);
  }
  // Figures that are not one autocannon run (e.g. a round trip, or one derived from several rows).
  for (const bench of benches) {
    if (bench.figures) figures.push(...(await bench.figures(ctx, results)).map((f) => ({ bench: bench.name, ...f })));
  }
} finally {
  await server.stop();
}

const title = `Edge Coach benchmarks (wrangler ${versions.wrangler}, ${versions.workerd}, Node ${versions.node}, ${cpus().length} cores)`;
printTable(results, { title });
printFigures(figures, { title: "Figures and goals" });
const missed = figures.filter((f) => f.met === false);
if (missed.length) console.log(`\ngoals not met: ${missed.map((f) => f.name).join("; ")}`);
const bad = [...results, ...figures].filter((r) => r.non2xx > 0 || r.errors > 0);
if (bad.length) console.warn(`\nnot clean: ${bad.map((r) => r.name).join(", ")} had non-2xx responses or errors`);
if (bad.some((r) => r.errors > 0))
  console.warn("(socket errors usually mean wrangler dev reloaded because a source file changed mid-run)");
const disturbed = [...results, ...figures].filter((r) => r.otherCpuPercent > 5);
if (disturbed.length)
  console.warn(
    `\ndisturbed: other processes used >5 % of the CPU during ${disturbed.map((r) => r.name).join(", ")}; rerun on a quiet machine`,
  );

await mkdir(join(root, ".bench"), { recursive: true });
const report = {
  at: new Date().toISOString(),
  machine: { cores: cpus().length, cpu: cpus()[0]?.model, ...versions },
  command: server.command,
  load,
  results,
  figures,
};
await writeFile(join(root, ".bench", "latest.json"), JSON.stringify(report, null, 2) + "\n");
console.log(`\nwrote .bench/latest.json`);
process.exitCode = bad.length ? 1 : 0;
