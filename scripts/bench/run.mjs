// `npm run bench`: every scripts/bench/*.bench.mjs against one throwaway `wrangler dev`.
import { execFileSync } from "node:child_process";
import { mkdir, readdir, writeFile } from "node:fs/promises";
import { cpus } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { bareRoute, DEFAULTS, devToken, measure, printTable, SERVER_VARS, startServer } from "./harness.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");

function usage(message) {
  console.error(
    `${message}\nusage: node scripts/bench/run.mjs [--duration 10] [--connections 50] [--warmup 2] [--only <name>]…`,
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
try {
  ({ values } = parseArgs({ options }));
} catch (error) {
  usage(error.message);
}
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
const benches = [];
for (const file of files) {
  const mod = await import(pathToFileURL(join(here, file)).href);
  if (!values.only || values.only.includes(mod.name)) benches.push(mod);
}
if (benches.length === 0) usage(`no bench named ${values.only?.join(", ")} in ${files.join(", ")}`);

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
try {
  const ctx = { url: server.url, devToken: (userId) => devToken(server.url, userId) };
  const planned = [];
  for (const bench of benches) planned.push(...(await bench.scenarios(ctx)).map((s) => ({ bench: bench.name, ...s })));
  // Ratios need the bare route from this run even when --only leaves the baseline bench out.
  if (!planned.some((s) => s.baseline)) planned.unshift({ bench: "baseline", ...bareRoute });
  for (const { bench, ...scenario } of planned) {
    process.stdout.write(`measuring ${scenario.name} … `);
    const result = { bench, ...(await measure(server.url, scenario, { ...load, pgid: server.pgid })) };
    console.log(`${Math.round(result.requestsPerSec)} req/s`);
    results.push(result);
  }
} finally {
  await server.stop();
}

const title = `Edge Coach benchmarks (wrangler ${versions.wrangler}, ${versions.workerd}, Node ${versions.node}, ${cpus().length} cores)`;
printTable(results, { title });
const bad = results.filter((r) => r.non2xx > 0 || r.errors > 0);
if (bad.length) console.warn(`\nnot clean: ${bad.map((r) => r.name).join(", ")} had non-2xx responses or errors`);
if (bad.some((r) => r.errors > 0))
  console.warn("(socket errors usually mean wrangler dev reloaded because a source file changed mid-run)");
const disturbed = results.filter((r) => r.otherCpuPercent > 5);
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
};
await writeFile(join(root, ".bench", "latest.json"), JSON.stringify(report, null, 2) + "\n");
console.log(`\nwrote .bench/latest.json`);
process.exitCode = bad.length ? 1 : 0;
