// The dashboard in a real headless Chromium against `wrangler dev` (the shell, /docs and the 404 page: shell.test.mjs).
// Run: node --test test/browser/dashboard.test.mjs   (REQUIRE_BROWSER=1 turns a missing browser into a failure)
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  RESULTS,
  launchPersistentChromium,
  requireBrowser,
  skipWithoutBrowser,
  startDevServer,
  stopGroup,
} from "./harness.mjs";

it("both languages define every UI string", async () => {
  const { dictionary } = await import("../../public/shared/i18n.js");
  const keys = (lang) => Object.keys(dictionary[lang]).sort();
  assert.deepEqual(keys("ko"), keys("en"));
  for (const [key, text] of Object.entries(dictionary.ko)) assert.ok(text.trim(), `ko.${key} is empty`);
});

requireBrowser();

describe("dashboard in headless Chromium", { skip: skipWithoutBrowser }, () => {
  const temp = mkdtempSync(join(tmpdir(), "edge-coach-browser-"));
  const userId = `browser-${Date.now().toString(36)}`;
  const pageErrors = [];
  let devServer;
  let context;
  let page;
  let base;

  before(
    async () => {
      ({ process: devServer, base } = await startDevServer({ persistTo: join(temp, "state") }));

      context = await launchPersistentChromium(join(temp, "profile"), {
        locale: "en-US",
        viewport: { width: 1280, height: 900 },
      });
      page = context.pages()[0] ?? (await context.newPage());
      page.setDefaultTimeout(15_000);
      page.on("pageerror", (error) => pageErrors.push(error.message));
      // Chromium logs every 4xx as a console error; the one the tests provoke on purpose is left out.
      page.on("response", (res) => {
        const expected = res.status() === 400 && new URL(res.url()).pathname === "/v1/auth/token";
        if (res.status() >= 400 && !expected) pageErrors.push(`${res.status()} ${res.url()}`);
      });
      page.on("console", (message) => {
        if (message.type() === "error" && !message.text().startsWith("Failed to load resource"))
          pageErrors.push(message.text());
      });
    },
    { timeout: 180_000 },
  );

  after(async () => {
    await context?.close().catch(() => {});
    await stopGroup(devServer);
    rmSync(temp, { recursive: true, force: true, maxRetries: 3 });
  });

  it("a rejected sign-in shows the problem's field error beside the user id", async () => {
    await page.goto(`${base}/`);
    await page.fill("#userId", "not valid");
    await page.click("#signin-form button[type=submit]");
    const error = page.locator('#signin-form [data-error-for="userId"]:visible');
    await error.waitFor();
    assert.equal((await error.textContent()).trim(), "Use letters, digits and . _ : @ - only (up to 128).");
    assert.equal(await page.getAttribute("#userId", "aria-invalid"), "true");
    // the field says it all: no problem box, and none of the server's English validation text
    assert.equal(await page.isVisible("#signin-problem"), false);
  });

  it("a dev token from the shell's sign-in signs the user in", async () => {
    await page.fill("#userId", userId);
    await page.selectOption("#role", "admin");
    await page.click("#signin-form button[type=submit]");
    await page.locator("#who-user", { hasText: userId }).waitFor();
    assert.match(await page.textContent("#who-role"), /admin/i);
    assert.notEqual((await page.textContent("#session-expires")).trim(), "");
    assert.equal(await page.isVisible("#signin-form"), false);
    assert.equal(await page.getAttribute("#userId", "aria-invalid"), null);
  });

  it("the profile card shows the signed-in user", async () => {
    await page.locator("#profile:visible", { hasText: userId }).waitFor();
  });

  it("the live channel connects and reports ready", async () => {
    await page.locator('#live-status[data-state="open"]').waitFor();
    await page.locator("#live-log .entry-ready").first().waitFor();
  });

  it("a test notification appears in the live log", async () => {
    const title = `Hello from the browser test ${Date.now()}`;
    await page.fill('#test-form input[name="title"]', title);
    await page.fill('#test-form input[name="body"]', "pushed over the live channel");
    await page.click("#test-form button[type=submit]");
    await page.locator("#live-log .entry-notification", { hasText: title }).waitFor();
    // the notification can arrive over the socket before the POST's own response fills the result line
    await page.locator("#test-result", { hasText: /1 open socket/ }).waitFor();
  });

  it("a message sent while disconnected is replayed on reconnect", async () => {
    await page.click("#live-toggle");
    await page.locator('#live-status[data-state="closed"]').waitFor();
    const title = `Missed while away ${Date.now()}`;
    const pushed = await page.evaluate(async (title) => {
      const { token } = JSON.parse(localStorage.getItem("edge-coach.session"));
      const res = await fetch("/v1/stream/test", {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
        body: JSON.stringify({ title }),
      });
      return res.json();
    }, title);
    assert.equal(pushed.delivered, 0);
    await page.click("#live-toggle");
    const entry = page.locator("#live-log .entry-notification", { hasText: title });
    await entry.waitFor();
    assert.equal(await entry.locator(".replayed").count(), 1);
    await page.locator('#live-status[data-state="open"]').waitFor();
  });

  it("switching to Korean translates the page", async () => {
    await page.click('button[data-set-lang="ko"]');
    assert.equal(await page.getAttribute("html", "lang"), "ko");
    await page.locator("#live-title", { hasText: "실시간 채널" }).waitFor();
    assert.equal((await page.textContent("#live-status-text")).trim(), "연결됨");
    assert.equal(await page.title(), "Edge Coach · 대시보드");
    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: join(RESULTS, "dashboard.png"), fullPage: true });
  });

  it("the pages raised no script errors", () => {
    assert.deepEqual(pageErrors, []);
  });
});
