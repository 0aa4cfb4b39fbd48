// `npm run test:stress [-- <section>…] [--seed N]`: the reliability and security suite against a
// throwaway `wrangler dev` (the same harness as the benchmarks), one fresh server per section so that
// one section's load or faults cannot colour another's figures. Not part of `npm test`: it takes
// about fifteen minutes; `npm test` keeps a one-minute fuzz slice and the full cross-user matrix.
//
// A section is `scripts/stress/<name>.stress.mjs` exporting `name`, `title`, optionally
// `prepare({ seed })` → `{ vars?: string[], close?() }` (outside stand-ins it starts, and the `--var`s
// that point the server at them), and `run(ctx)` → `{ figures: Figure[], failures: string[] }`,
// where a figure is `{ name, value, unit?, goal?, met? }`. The run fails when any section reports a
// failure or a figure that missed its goal.
import { mkdir, readdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { devToken, printFigures, startServer } from "../bench/harness.mjs";
import { wrangler } from "../lib/wrangler.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");

const { values, positionals } = parseArgs({
  options: { seed: { type: "string", default: String(Date.now() % 1_000_000) } },
  allowPositionals: true,
});
const seed = Number(values.seed);
if (!Number.isInteger(seed)) throw new Error(`--seed must be a whole number, got ${values.seed}`);

const files = (await readdir(here)).filter((f) => f.endsWith(".stress.mjs")).sort();
const sections = [];
for (const file of files) {
  const mod = await import(pathToFileURL(join(here, file)).href);
  if (positionals.length === 0 || positionals.includes(mod.name)) sections.push(mod);
}
const unknown = positionals.filter((n) => !sections.some((s) => s.name === n));
if (sections.length === 0 || unknown.length > 0) {
  console.error(`no stress section named ${unknown.join(", ")}; sections: ${files.join(", ")}`);
  process.exit(2);
}

/** Runs one SQL statement against the server's local D1 (a second reader of the same SQLite file). */
const d1 = (persistTo) => (sql) =>
  JSON.parse(wrangler(["d1", "execute", "DB", "--local", "--persist-to", persistTo, "--json", "--command", sql]))[0]
    .results;

console.log(`stress seed ${seed} (rerun with --seed ${seed} to replay the same inputs)`);
const report = { seed, startedAt: new Date().toISOString(), sections: [] };
let failed = false;
for (const section of sections) {
  console.log(`\n== ${section.title} ==`);
  const prepared = (await section.prepare?.({ seed })) ?? {};
  let server;
  try {
    server = await startServer({ cwd: root, vars: prepared.vars ?? [] });
  } catch (error) {
    await prepared.close?.();
    throw error;
  }
  const started = Date.now();
  let result;
  try {
    result = await section.run({
      url: server.url,
      pgid: server.pgid,
      persistTo: server.persistTo,
      seed,
      token: (userId, role) => devToken(server.url, userId, role),
      d1: d1(server.persistTo),
      log: (line) => console.log(`  ${line}`),
    });
  } catch (error) {
    result = { figures: [], failures: [`section threw: ${error.stack ?? error}`] };
  } finally {
    await server.stop();
    await prepared.close?.();
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  printFigures(result.figures, { title: `${section.title} (${seconds} s; ${server.command})` });
  const missed = result.figures.filter((f) => f.met === false).map((f) => `${f.name}: ${f.value} (goal ${f.goal})`);
  const failures = [...result.failures, ...missed];
  for (const failure of failures.slice(0, 50)) console.log(`  FAIL ${failure}`);
  if (failures.length > 50) console.log(`  … and ${failures.length - 50} more`);
  failed ||= failures.length > 0;
  report.sections.push({ name: section.name, title: section.title, seconds, figures: result.figures, failures });
}

await mkdir(join(root, "test-results"), { recursive: true });
await writeFile(join(root, "test-results", "stress.json"), JSON.stringify(report, null, 2));
console.log(`\n${failed ? "FAILED" : "passed"}; figures in test-results/stress.json`);
process.exit(failed ? 1 : 0);
