// What the browser tests share: a `wrangler dev` of their own on free ports with a fresh local D1, a headless
// Chromium with the standard flags, and skipping (or, with REQUIRE_BROWSER=1, failing) when there is none.
import assert from "node:assert/strict";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { it } from "node:test";
import { root, startWrangler, waitForHealth, wrangler } from "../../scripts/lib/wrangler.mjs";
import { freePort } from "../../scripts/lib/free-port.mjs";

export { freePort };

export const RESULTS = join(root, "test-results");
export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
export const REQUIRE_BROWSER = process.env.REQUIRE_BROWSER === "1";
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

let chromium = null;
/** Why no browser tests can run here, or null. */
export let missing = existsSync(CHROMIUM)
  ? null
  : `chromium not found at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`;
if (!missing) {
  try {
    ({ chromium } = await import("playwright-core"));
  } catch {
    missing = "playwright-core is not installed (npm install)";
  }
}

/** The `skip` option for a describe() that needs the browser. */
export const skipWithoutBrowser = !missing
  ? false
  : REQUIRE_BROWSER
    ? missing
    : `${missing}; set REQUIRE_BROWSER=1 to fail instead`;

/** With REQUIRE_BROWSER=1, adds a test that fails when there is no browser (skipped describes do not fail). */
export function requireBrowser() {
  if (missing && REQUIRE_BROWSER) it("a browser is available (REQUIRE_BROWSER=1)", () => assert.fail(missing));
}

/** Launches headless Chromium; `args` are added to the standard flags. */
export function launchChromium({ args = [], ...options } = {}) {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS, ...args], ...options });
}

/** Launches headless Chromium with a profile in `userDataDir`; `args` are added to the standard flags. */
export function launchPersistentChromium(userDataDir, { args = [], ...options } = {}) {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS, ...args],
    ...options,
  });
}

/**
 * Applies the D1 migrations to a local state in `persistTo`, starts `wrangler dev` on it and waits for /healthz.
 * `port` (a free one unless given) and `args` (extra flags, e.g. `--var`s) shape the server (the offline provider
 * is not paced unless `args` sets OFFLINE_TOKENS_PER_SECOND); `ready(base)` runs
 * once it is healthy (to seed it), and its failure is reported with the server's output too.
 * Resolves to {process, base, output()}; stop it with stopGroup(server.process).
 */
export async function startDevServer({ persistTo, port, args = [], ready } = {}) {
  wrangler(["d1", "migrations", "apply", "DB", "--local", "--persist-to", persistTo]);
  port ??= await freePort();
  const inspectorPort = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const flags = ["--ip", "127.0.0.1", "--port", `${port}`, "--inspector-port", `${inspectorPort}`];
  // piped, so detached: wrangler and workerd get their own process group, which stopGroup() kills whole
  // the offline provider answers at once unless a test asks for `npm run dev`'s reading pace itself
  const pace = args.some((arg) => /^(--var=)?OFFLINE_TOKENS_PER_SECOND:/.test(arg))
    ? []
    : ["--var", "OFFLINE_TOKENS_PER_SECOND:0"];
  const child = startWrangler(
    ["dev", ...flags, "--log-level", "error", "--persist-to", persistTo, ...pace, ...args],
    "pipe",
  );
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exitedEarly = once(child, "exit").then(([code]) =>
    Promise.reject(new Error(`wrangler dev exited with ${code}`)),
  );
  exitedEarly.catch(() => {}); // after start-up, exiting is expected (stopGroup() stops it)
  try {
    await Promise.race([waitForHealth(base, 90_000), exitedEarly]);
    await ready?.(base);
  } catch (error) {
    await stopGroup(child);
    throw new Error(`${error.message}\n${output}`);
  }
  return { process: child, base, output: () => output };
}

export async function stopGroup(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  const signal = (name) => {
    try {
      process.kill(-child.pid, name);
    } catch {
      // the group is already gone
    }
  };
  signal("SIGTERM");
  const timer = setTimeout(() => signal("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
  // workerd may outlive the npx wrapper it was started by
  signal("SIGKILL");
}

/** A development token for `userId` from the running server's `POST /v1/auth/token`. */
export async function devToken(base, userId, role) {
  const res = await fetch(`${base}/v1/auth/token`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ userId, ...(role ? { role } : {}) }),
  });
  if (res.status !== 200) throw new Error(`POST /v1/auth/token answered ${res.status}: ${await res.text()}`);
  return (await res.json()).token;
}

/**
 * Collects what a page must not do into `errors`: script errors, console errors, and answers of 400 and
 * above (as "METHOD STATUS /path") unless `provoked` matches them, the failures a test causes on purpose.
 */
export function watchPage(page, errors, provoked) {
  page.setDefaultTimeout(15_000);
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("response", (res) => {
    const where = `${res.request().method()} ${res.status()} ${new URL(res.url()).pathname}`;
    if (res.status() >= 400 && !provoked.test(where)) errors.push(where);
  });
  page.on("console", (message) => {
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource"))
      errors.push(message.text());
  });
}
