#!/usr/bin/env node
// Fails when `worker-configuration.d.ts` is stale. `wrangler types --check` also folds a local
// `.dev.vars` into Env, so it is run on a copy of the config in a clean directory instead.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const dir = mkdtempSync(join(tmpdir(), "edge-coach-types-"));
try {
  cpSync(join(root, "wrangler.toml"), join(dir, "wrangler.toml"));
  for (const entry of [
    "workers",
    "durable-objects",
    "schemas",
    "public",
    "migrations",
    "node_modules",
    "package.json",
  ]) {
    symlinkSync(join(root, entry), join(dir, entry));
  }
  execFileSync(
    join(root, "node_modules/.bin/wrangler"),
    ["types", "--strict-vars=false", "worker-configuration.d.ts"],
    {
      cwd: dir,
      stdio: "ignore",
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
    },
  );
  // the header names the command line, which differs only by the output path argument
  const body = (file) => readFileSync(file, "utf8").replace(/by running `[^`]*`/, "");
  const fresh = body(join(dir, "worker-configuration.d.ts"));
  const committed = body(join(root, "worker-configuration.d.ts"));
  if (fresh !== committed) {
    console.error("worker-configuration.d.ts is out of date: run `npm run cf-typegen` and commit the result.");
    process.exit(1);
  }
  console.log("worker-configuration.d.ts is up to date.");
} finally {
  rmSync(dir, { recursive: true, force: true });
}
