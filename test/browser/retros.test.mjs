// The retrospectives page in a real headless Chromium against its own `wrangler dev`: a Korean entry
// gets its feedback live, a lost response does not store it twice, trends are charted, a report is made.
// Run: node --test test/browser/retros.test.mjs   (REQUIRE_BROWSER=1 turns a missing browser into a failure)
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { root } from "../../scripts/lib/wrangler.mjs";
import { RESULTS, launchChromium, requireBrowser, skipWithoutBrowser, startDevServer, stopGroup } from "./harness.mjs";

const TIME_ZONE = "Asia/Seoul";
const PURPOSE = "주간 팀 회의를 이끌기";
const CONTENT = "안건을 미리 공유했더니 모두가 준비해 왔다. 시간이 10분 넘었으니 다음에는 타이머를 쓰겠다.";

it("every key the retrospectives page names exists in both languages", async () => {
  const { dictionary } = await import("../../public/shared/i18n.js");
  const pub = join(root, "public");
  const sources = readdirSync(join(pub, "retros"))
    .filter((f) => /\.(html|js)$/.test(f) && f !== "strings.js")
    .map((f) => readFileSync(join(pub, "retros", f), "utf8"));
  const keys = new Set();
  for (const text of sources) {
    for (const [, key] of text.matchAll(/data-i18n(?:-placeholder|-label)?="([^"]+)"/g)) keys.add(key);
    for (const [, key] of text.matchAll(/["`]((?:retros|auth|live|nav|field|problem|title)\.[\w.]+)["`]/g))
      keys.add(key);
  }
  for (const [, prefix] of sources.join("\n").matchAll(/`((?:retros)\.[\w.]+)\.\$\{/g)) {
    assert.ok(
      Object.keys(dictionary.en).some((k) => k.startsWith(`${prefix}.`)),
      `no keys under ${prefix}`,
    );
  }
  assert.ok(keys.size > 60, `found only ${keys.size} keys`);
  for (const key of keys) {
    assert.ok(dictionary.en[key], `en is missing ${key}`);
    assert.ok(dictionary.ko[key], `ko is missing ${key}`);
  }
  const own = (lang) => Object.keys(dictionary[lang]).filter((k) => k.startsWith("retros."));
  assert.deepEqual(own("ko").sort(), own("en").sort());
});

it("the chart library was copied from npm into public/vendor/", () => {
  for (const file of ["uPlot.iife.min.js", "uPlot.min.css"]) {
    assert.ok(existsSync(join(root, "public", "vendor", file)), `public/vendor/${file} is missing: run npm install`);
  }
});

requireBrowser();

describe("retrospectives page in headless Chromium", { skip: skipWithoutBrowser }, () => {
  const temp = mkdtempSync(join(tmpdir(), "edge-coach-retros-"));
  const userId = `retro-${Date.now().toString(36)}`;
  const pageErrors = [];
  const pushes = []; // feedback.ready frames seen on the page's WebSocket
  const profileSaves = [];
  let devServer;
  let browser;
  let page;
  let base;

  before(
    async () => {
      ({ process: devServer, base } = await startDevServer({ persistTo: join(temp, "state") }));

      browser = await launchChromium();
      const context = await browser.newContext({
        locale: "en-US",
        timezoneId: TIME_ZONE,
        viewport: { width: 1280, height: 900 },
      });
      page = await context.newPage();
      page.setDefaultTimeout(15_000);
      page.on("pageerror", (error) => pageErrors.push(error.message));
      // Chromium logs every 4xx as a console error; the one the tests provoke on purpose is left out.
      page.on("response", (res) => {
        const expected = res.status() === 400 && new URL(res.url()).pathname === "/v1/retrospects";
        if (res.status() >= 400 && !expected) pageErrors.push(`${res.status()} ${res.url()}`);
      });
      page.on("console", (message) => {
        if (message.type() === "error" && !message.text().startsWith("Failed to load resource"))
          pageErrors.push(message.text());
      });
      page.on("request", (req) => {
        if (req.method() === "PATCH" && new URL(req.url()).pathname === "/v1/me/profile")
          profileSaves.push(req.postDataJSON());
      });
      page.on("websocket", (ws) =>
        ws.on("framereceived", ({ payload }) => {
          try {
            const message = JSON.parse(String(payload));
            if (message.type === "feedback.ready") pushes.push(message.data);
          } catch {
            // not a JSON frame
          }
        }),
      );
    },
    { timeout: 180_000 },
  );

  after(async () => {
    await browser?.close().catch(() => {});
    await stopGroup(devServer);
    rmSync(temp, { recursive: true, force: true, maxRetries: 3 });
  });

  it("signing in saves the browser's time zone to the profile", async () => {
    await page.goto(`${base}/retros/`);
    await page.fill("#userId", userId);
    await page.click("#signin-form button[type=submit]");
    await page.locator("#who-user", { hasText: userId }).waitFor();
    await page.locator('#live-status[data-state="open"]').waitFor();
    assert.equal(await page.inputValue("#timezone"), TIME_ZONE);
    // the page settles the zone before it loads the list
    await page.locator("#list-empty:visible").waitFor();
    assert.deepEqual(profileSaves, [{ timezone: TIME_ZONE, locale: "en" }]);
  });

  it("a too-long purpose is shown next to the field, with the counter over the limit", async () => {
    await page.fill("#purpose", "가".repeat(501));
    await page.fill("#content", "짧은 내용");
    assert.equal((await page.textContent("#purpose-count")).trim(), "501 / 500");
    assert.equal(await page.getAttribute("#purpose-count", "data-over"), "true");
    assert.equal((await page.textContent("#content-count")).trim(), "5 / 20,000");
    await page.click("#write-form button[type=submit]");
    const error = page.locator("#purpose-error:visible");
    await error.waitFor();
    assert.equal((await error.textContent()).trim(), "At most 500 characters.");
    assert.equal(await page.getAttribute("#purpose", "aria-invalid"), "true");
    assert.equal(await page.isVisible("#content-error"), false);
    assert.equal(await page.locator("#list .retro").count(), 0);
  });

  it("a Korean retrospective appears as pending, then its offline feedback arrives live", async () => {
    await page.evaluate(() => (window.notReloaded = true));
    // the statuses the entry goes through, recorded in the page so a fast push cannot be missed
    await page.evaluate(() => {
      window.statuses = [];
      new MutationObserver(() => {
        const status = document.querySelector("#list .retro")?.dataset.status;
        if (status && window.statuses.at(-1) !== status) window.statuses.push(status);
      }).observe(document.getElementById("list"), { childList: true, subtree: true, attributes: true });
    });
    await page.fill("#purpose", PURPOSE);
    await page.fill("#content", CONTENT);
    assert.equal((await page.textContent("#content-count")).trim(), `${CONTENT.length} / 20,000`);
    await page.check('#mood-field input[value="4"]');
    await page.fill("#tags", "회의, 리더십");
    await page.click("#write-form button[type=submit]");
    const entry = page.locator("#list .retro", { hasText: PURPOSE });
    await entry.waitFor();
    await entry.locator('.feedback[data-status="ready"]').waitFor({ timeout: 30_000 });
    assert.deepEqual(await page.evaluate(() => window.statuses), ["pending", "ready"]);
    const id = (await entry.getAttribute("id")).replace(/^retro-/, "");
    assert.ok(
      pushes.some((p) => p.id === id && p.status === "ready"),
      "feedback.ready came over the socket",
    );
    assert.equal(await page.evaluate(() => window.notReloaded), true);
    assert.equal((await entry.locator(".badge.offline").textContent()).trim(), "offline");
    assert.notEqual((await entry.locator(".summary").textContent()).trim(), "");
    assert.deepEqual(await entry.locator(".tag").allTextContents(), ["#회의", "#리더십"]);
    assert.equal(await page.isVisible("#purpose-error"), false);
    assert.equal(await page.inputValue("#purpose"), "");
  });

  it("resubmitting after a lost response reuses the Idempotency-Key and stores one entry", async () => {
    const purpose = "Practice a hard conversation";
    const keys = [];
    let dropped = false;
    await page.route("**/v1/retrospects", async (route) => {
      const request = route.request();
      if (request.method() !== "POST") return route.continue();
      keys.push(request.headers()["idempotency-key"]);
      if (dropped) return route.continue();
      dropped = true;
      await route.fetch(); // the server stores it; the page never hears back
      await route.abort("connectionreset");
    });
    await page.fill("#purpose", purpose);
    await page.fill("#content", "I rehearsed the opening and listened more than I talked.");
    await page.click("#write-form button[type=submit]");
    await page.locator("#write-problem:visible").waitFor();
    await page.click("#write-form button[type=submit]");
    await page.locator("#write-status", { hasText: "Already saved" }).waitFor();
    await page.unroute("**/v1/retrospects");
    assert.equal(keys.length, 2);
    assert.match(keys[0], /^[0-9a-f-]{36}$/);
    assert.equal(keys[1], keys[0]);
    await page.locator("#list .retro", { hasText: purpose }).waitFor();
    assert.equal(await page.locator("#list .retro", { hasText: purpose }).count(), 1);
    assert.equal(await page.locator("#list .retro").count(), 2);
  });

  it("the trends chart is drawn by uPlot on a canvas", async () => {
    await page.locator("#trends-total", { hasText: /: 2$/ }).waitFor();
    const canvas = page.locator("#trend-chart canvas");
    await canvas.waitFor();
    const box = await canvas.boundingBox();
    assert.ok(box.width > 100 && box.height > 100, `canvas is ${box.width}×${box.height}`);
    assert.equal(await page.locator("#trend-table-body tr").count(), 12);
    const perWeek = await page.locator("#trend-table-body tr td:nth-of-type(1)").allTextContents();
    assert.equal(
      perWeek.map(Number).reduce((a, b) => a + b, 0),
      2,
    );
    assert.ok((await page.locator("#themes .theme").count()) > 0);
  });

  it("in Korean, this week's report is made now and rendered in Korean", async () => {
    const saved = page.waitForRequest((r) => r.method() === "PATCH" && r.url().endsWith("/v1/me/profile"));
    await page.click('button[data-set-lang="ko"]');
    assert.deepEqual((await saved).postDataJSON(), { timezone: TIME_ZONE, locale: "ko" });
    await page.locator("#report-now", { hasText: "이번 주 리포트 지금 만들기" }).waitFor();
    await page.locator("#reports-empty:visible").waitFor();
    await page.click("#report-now");
    const report = page.locator('#reports .report[data-new="true"]');
    await report.waitFor();
    assert.equal((await report.locator(".report-facts dd").first().textContent()).trim(), "2");
    assert.match(await report.locator(".next-focus p").textContent(), /[가-힣]/);
    assert.ok((await report.locator(".followed-list li").count()) > 0);
    assert.match(await page.textContent("#report-status"), /리포트가 준비되었습니다/);
    await page.locator("#list .retro .badge.offline", { hasText: "오프라인" }).first().waitFor();
    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: join(RESULTS, "retros.png"), fullPage: true });
  });

  it("the page raised no script errors", () => {
    assert.deepEqual(pageErrors, []);
  });
});
