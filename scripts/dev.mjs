#!/usr/bin/env node
// `npm run dev [-- wrangler flags]`: applies D1 migrations, seeds demo data, starts `wrangler dev`
// offline with embedded defaults, and prints where everything is. Extra flags go to wrangler.
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { flagValue, root, startWrangler, waitForHealth, wrangler } from "./lib/wrangler.mjs";
import { HYPERDRIVE_VAR, hyperdriveArgs } from "./lib/hyperdrive-config.mjs";
import { DEMO_USERS, seedDatabase, seedThroughApi } from "./seed/index.mjs";

const args = process.argv.slice(2);
const port = flagValue(args, "--port") ?? "8787";
const ip = flagValue(args, "--ip") ?? "localhost";
const persistTo = flagValue(args, "--persist-to");
const persistArgs = persistTo ? ["--persist-to", persistTo] : [];
const host = ip === "0.0.0.0" || ip === "*" ? "localhost" : ip;
const baseUrl = `http://${host}:${port}`;

console.log("Applying D1 migrations…");
wrangler(["d1", "migrations", "apply", "DB", "--local", ...persistArgs]);
seedDatabase(persistArgs);

/** Whether the developer set variable `name` already: with `--var NAME:…` or in `.dev.vars` / `.env`. */
function chosen(name) {
  if (args.some((arg) => arg.startsWith(`${name}:`) || arg.startsWith(`--var=${name}:`))) return true;
  const line = new RegExp(`^\\s*${name}\\s*=`, "m");
  return [".dev.vars", ".env"].some(
    (file) => existsSync(resolve(root, file)) && line.test(readFileSync(resolve(root, file), "utf8")),
  );
}

// wrangler prints one line per request itself; the Worker's JSON request log (info) would double each
// of them, so dev logs warnings and errors only (5xx included) unless LOG_LEVEL was chosen.
const logLevel = chosen("LOG_LEVEL") ? [] : ["--var", "LOG_LEVEL:warn"];
// With static assets, wrangler's own /cdn-cgi/handler/scheduled reaches the assets router and answers 500
// (wrangler 4.86); --test-scheduled serves /__scheduled from the Worker instead (listed in run_worker_first).
const archiveArgs = hyperdriveArgs();
const devArgs = [
  "dev",
  ...archiveArgs,
  "--test-scheduled",
  ...(flagValue(args, "--port") ? [] : ["--port", port]),
  ...logLevel,
  ...args,
];
const child = startWrangler(devArgs);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));

try {
  await waitForHealth(baseUrl, 120_000);
  await seedThroughApi(baseUrl);
  // the seeded days reach D1 through the actors' outboxes within seconds; then the nightly rhythm job
  // runs once, so the demo's "people like you" has vectors to match without waiting for 03:40
  setTimeout(() => {
    fetch(`${baseUrl}/__scheduled?cron=40+3+*+*+*`).catch((error) =>
      console.warn(`rhythm vectors were not built: ${error.message}`),
    );
  }, 8000);
  const line = "─".repeat(64);
  console.log(`\n${line}\n  Edge Coach is running (offline, embedded defaults)\n`);
  console.log(`  Dashboard   ${baseUrl}/`);
  console.log(`  API docs    ${baseUrl}/docs`);
  console.log(`  OpenAPI     ${baseUrl}/openapi.json`);
  console.log(
    `  Cron        curl "${baseUrl}/__scheduled?cron=*/15+*+*+*+*" (maintenance; "5+*+*+*+*": reports; "40+3+*+*+*": rhythms)`,
  );
  if (archiveArgs.length) console.log(`  Archive     Postgres through Hyperdrive (${HYPERDRIVE_VAR})`);
  console.log(`  Demo users  ${DEMO_USERS.map((u) => u.userId).join(", ")} (get a token on the dashboard)`);
  if (logLevel.length)
    console.log("  Logs        one line per request; app events at warn and error (LOG_LEVEL in .dev.vars)");
  console.log(`${line}\n`);
} catch (error) {
  console.error(`Edge Coach did not start: ${error.message}`);
}
