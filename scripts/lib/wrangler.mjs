// Helpers shared by the dev, seed and benchmark scripts: run wrangler offline and find its flags.
import { spawn, spawnSync } from "node:child_process";
import { resolve } from "node:path";

export const root = resolve(import.meta.dirname, "../..");
export const wranglerBin = resolve(root, "node_modules/.bin/wrangler");

/** Wrangler with telemetry and Cloudflare lookups off, so it works with no network and no account. */
export const offlineEnv = {
  ...process.env,
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_SEND_METRICS: "false",
  CI: "true",
};

/** The value of `--flag value` or `--flag=value` in an argument list. */
export function flagValue(args, flag) {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === flag) return args[i + 1];
    if (args[i].startsWith(`${flag}=`)) return args[i].slice(flag.length + 1);
  }
  return undefined;
}

/** Runs a wrangler command to completion, failing loudly with its output. */
export function wrangler(args, { quiet = true } = {}) {
  const result = spawnSync(wranglerBin, args, {
    cwd: root,
    env: offlineEnv,
    encoding: "utf8",
    stdio: quiet ? "pipe" : "inherit",
  });
  if (result.status !== 0) {
    throw new Error(`wrangler ${args.join(" ")} failed:\n${result.stdout ?? ""}${result.stderr ?? ""}`);
  }
  return result.stdout ?? "";
}

/**
 * `wrangler dev` flags that make the server a development one: the deployed default (wrangler.toml) is
 * production, which issues no tokens and refuses to start without a JWT secret. A caller that names
 * ENVIRONMENT itself (`--var ENVIRONMENT:production` to try production locally) keeps its choice.
 */
export function developmentVars(args) {
  // wrangler's --var takes KEY:VALUE pairs, so ENVIRONMENT: names the variable wherever it appears
  const named = args.some((arg) => /^(--var=)?ENVIRONMENT:/.test(arg));
  return named ? [] : ["--var", "ENVIRONMENT:development"];
}

/** Starts wrangler; a `dev` server is started in development mode (see developmentVars). */
export function startWrangler(args, stdio = "inherit") {
  if (args[0] === "dev") args = [...args, ...developmentVars(args)];
  return spawn(wranglerBin, args, {
    cwd: root,
    env: { ...offlineEnv, CI: undefined },
    stdio,
    detached: stdio !== "inherit",
  });
}

export async function waitForHealth(baseUrl, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${baseUrl}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${baseUrl} did not become healthy within ${timeoutMs} ms`);
}
