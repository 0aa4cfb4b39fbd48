// The account page in a real headless Chromium against its own `wrangler dev`: a Free member's plan and limits
// in English and Korean (and the note after a cancelled checkout), the upgrade button on a server without Stripe
// keys, signed Stripe webhooks (scripts/stripe-events.mjs) turning the open page to Pro, then past due with its
// grace date, over the live channel; Pro analytics reports with their progress and shared link; the export of
// everything as a downloaded file with its manifest; and erasing the account behind its confirmation word
// (signed out, the receipt followed to completion, the old token refused).
// Run: node --test test/browser/account.test.mjs   (REQUIRE_BROWSER=1 turns a missing browser into a failure)
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { root } from "../../scripts/lib/wrangler.mjs";
import { sampleEvent, signedDelivery } from "../../scripts/stripe-events.mjs";
import {
  RESULTS,
  launchChromium,
  requireBrowser,
  skipWithoutBrowser,
  startDevServer,
  stopGroup,
  devToken,
  watchPage,
} from "./harness.mjs";

it("every key the account page names exists in both languages", async () => {
  const { dictionary } = await import("../../public/shared/i18n.js");
  const dir = join(root, "public", "account");
  const keys = new Set(["nav.account", "title.account"]);
  for (const file of readdirSync(dir).filter((f) => /\.(html|js)$/.test(f) && f !== "strings.js")) {
    const text = readFileSync(join(dir, file), "utf8");
    for (const [, key] of text.matchAll(/data-i18n(?:-placeholder|-label)?"?[=:] ?"([^"$]+)"/g)) keys.add(key);
    for (const [, key] of text.matchAll(/["`]((?:account|lifelog|problem|field)\.[\w.]+)["`]/g)) keys.add(key);
  }
  // keys built from a value must exist for every value the contract allows
  const built = {
    "account.status": ["none", "active", "trialing", "past_due", "canceled"],
    "account.plan.tier": ["free", "pro"],
    "account.reports.type": ["monthly", "goal_forecast"],
    "account.reports.status": ["queued", "running", "succeeded", "failed"],
  };
  for (const [prefix, values] of Object.entries(built)) for (const v of values) keys.add(`${prefix}.${v}`);
  assert.ok(keys.size > 70, `found only ${keys.size} keys`);
  for (const key of keys) {
    assert.ok(dictionary.en[key], `en is missing ${key}`);
    assert.ok(dictionary.ko[key], `ko is missing ${key}`);
  }
  // every section the export writes has a name in both languages (workers/services/export/sections.ts)
  const sections = readFileSync(join(root, "workers/services/export/sections.ts"), "utf8");
  const names = [...sections.matchAll(/(?:object|list)\("(\w+)"|table\(ctx, "(\w+)"/g)].map((m) => m[1] ?? m[2]);
  assert.ok(names.length > 30, `found only ${names.length} export sections`);
  for (const name of names) {
    assert.ok(dictionary.en[`account.section.${name}`], `en is missing account.section.${name}`);
    assert.ok(dictionary.ko[`account.section.${name}`], `ko is missing account.section.${name}`);
  }
  const own = (lang) => Object.keys(dictionary[lang]).filter((k) => k.startsWith("account."));
  assert.deepEqual(own("ko").sort(), own("en").sort());
});

it("the confirmation word is DELETE or 삭제, however it is typed; file names and sizes read well", async () => {
  const { confirms } = await import("../../public/account/erase.js");
  const { fileNameOf, formatBytes } = await import("../../public/account/export.js");
  for (const typed of ["DELETE", " delete ", "삭제", "삭제".normalize("NFD")]) assert.ok(confirms(typed), typed);
  for (const typed of ["", "DELET", "delete it", "삭 제", "erase"]) assert.equal(confirms(typed), false, typed);
  assert.equal(
    fileNameOf('attachment; filename="edge-coach-export-2026-12-05.json"'),
    "edge-coach-export-2026-12-05.json",
  );
  assert.equal(fileNameOf(null, new Date("2026-01-02T03:04:05Z")), "edge-coach-export-2026-01-02.json");
  assert.equal(fileNameOf('attachment; filename="../../etc/passwd"'), ".._.._etc_passwd");
  assert.equal(formatBytes(512), "512 bytes");
  assert.equal(formatBytes(12_400), "12.4 kB");
  assert.equal(formatBytes(3_250_000), "3.3 MB");
});

requireBrowser();

describe("account page in headless Chromium", { skip: skipWithoutBrowser }, () => {
  const temp = mkdtempSync(join(tmpdir(), "edge-coach-account-"));
  const stamp = Date.now().toString(36);
  const pageErrors = [];
  // the failure the tests provoke on purpose: checkout on a server without Stripe keys
  const provoked = /^POST 503 \/v1\/billing\/checkout$/;
  let devServer;
  let browser;
  let base;

  const token = (userId) => devToken(base, userId);

  /** Posts a sample Stripe event of `type` for `userId` to the webhook, signed as Stripe signs (the development secret). */
  async function deliver(type, userId, options = {}) {
    const { body, headers } = await signedDelivery(sampleEvent(type, { userId, ...options }));
    const res = await fetch(`${base}/v1/billing/webhook`, { method: "POST", headers, body });
    const text = await res.text();
    assert.equal(res.status, 200, text);
    return JSON.parse(text);
  }

  async function open({ userId, lang }) {
    const context = await browser.newContext({
      locale: "en-US",
      timezoneId: "Asia/Seoul",
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    });
    await context.addInitScript(
      ([l]) => localStorage.getItem("edge-coach.lang") || localStorage.setItem("edge-coach.lang", l),
      [lang],
    );
    const page = await context.newPage();
    watchPage(page, pageErrors, provoked);
    // the first page of a fresh server waits for wrangler to build the Worker
    await page.goto(`${base}/account/`, { timeout: 60_000, waitUntil: "domcontentloaded" });
    await page.fill("#userId", userId);
    await page.click("#signin-form button[type=submit]");
    await page.locator("#who-user", { hasText: userId }).waitFor();
    return page;
  }

  const text = async (page, selector) => (await page.textContent(selector)).replace(/\s+/g, " ").trim();
  const limitsOf = (page) =>
    page
      .locator("#limits")
      .evaluate((dl) =>
        [...dl.querySelectorAll("dt")].map((dt) => [dt.textContent, dt.nextElementSibling.textContent]),
      );

  before(
    async () => {
      ({ process: devServer, base } = await startDevServer({
        persistTo: join(temp, "state"),
        // the erasure's last step waits this long for writes in flight (120 s by default)
        args: ["--var", "ERASURE_SWEEP_DELAY_SECONDS:2"],
      }));
      browser = await launchChromium();
    },
    { timeout: 180_000 },
  );

  after(async () => {
    await browser?.close().catch(() => {});
    await stopGroup(devServer);
    rmSync(temp, { recursive: true, force: true, maxRetries: 3 });
  });

  describe("a Free member", () => {
    const userId = `free-${stamp}`;
    let page;
    before(async () => {
      page = await open({ userId, lang: "en" });
    });
    after(() => page?.context().close());

    it("in English: the Free plan, its limits, the upgrade button and the reports' upgrade hint", async () => {
      await page.locator('#plan-tier[data-tier="free"]').waitFor();
      assert.equal(await text(page, "#plan-tier"), "Free");
      assert.equal(await text(page, "#plan-status"), "No subscription");
      const limits = await limitsOf(page);
      assert.deepEqual(
        limits.map(([name]) => name),
        ["Timeline and insight history", "Label comparisons", "Pro communities", "Analytics reports"],
      );
      assert.equal(limits[0][1], "Last 30 days");
      assert.match(limits[1][1], /^0 of 5 used today · resets \w{3} \d+, \d{4}, \d+:\d\d [AP]M$/);
      assert.equal(limits[2][1], "Not included");
      assert.equal(limits[3][1], "Not included");
      assert.ok(await page.isVisible("#upgrade"));
      assert.equal(await text(page, "#upgrade"), "Upgrade to Pro");
      await page.locator("#reports-upgrade", { hasText: "Analytics reports are part of Pro" }).waitFor();
      assert.equal(await page.isVisible("#report-monthly"), false);
      assert.equal(await page.title(), "Edge Coach · Account");
      assert.equal(await page.getAttribute("#shell nav.lines a[aria-current=page]", "href"), "/account/");
    });

    it("in Korean: the same plan in Korean, dates in Korean", async () => {
      await page.click('#shell button[data-set-lang="ko"]');
      await page.locator("#plan-tier", { hasText: "무료" }).waitFor();
      assert.equal(await text(page, "#plan-status"), "구독 없음");
      const limits = await limitsOf(page);
      assert.equal(limits[0][1], "최근 30일");
      assert.match(limits[1][1], /^오늘 5회 중 0회 사용 · 초기화 \d{4}\. \d+\. \d+\. (오전|오후) \d+:\d\d$/);
      assert.equal(limits[3][1], "포함되지 않음");
      assert.equal(await text(page, "#upgrade"), "Pro로 업그레이드");
      assert.equal(await text(page, "#reports-upgrade strong"), "분석 리포트는 Pro 기능입니다");
      assert.equal(await page.title(), "Edge Coach · 계정");
      mkdirSync(RESULTS, { recursive: true });
      await page.screenshot({ path: join(RESULTS, "account-free-ko.png"), fullPage: true });
      await page.click('#shell button[data-set-lang="en"]');
    });

    it("back from a cancelled checkout, the page says nothing was charged and tidies its address", async () => {
      await page.goto(`${base}/account/?checkout=cancel`, { waitUntil: "domcontentloaded" });
      await page.locator("#plan-note", { hasText: "Checkout was cancelled; nothing was charged." }).waitFor();
      assert.equal(new URL(page.url()).search, "");
      await page.locator('#plan-tier[data-tier="free"]').waitFor();
    });

    it("on a phone's width the cards stack and nothing runs off the side, the erase dialog included", async () => {
      await page.setViewportSize({ width: 360, height: 740 });
      const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
      assert.equal(await overflow(), 0);
      const [plan, reports] = await Promise.all(
        ["#plan-card", "#reports-card"].map((id) => page.locator(id).evaluate((el) => el.getBoundingClientRect())),
      );
      assert.ok(reports.top >= plan.bottom, "the cards sit side by side on a phone");
      await page.click("#erase-open");
      const box = await page.locator("#erase-dialog").evaluate((el) => el.getBoundingClientRect());
      assert.ok(box.left >= 0 && box.right <= 360, JSON.stringify(box));
      await page.keyboard.press("Escape");
      mkdirSync(RESULTS, { recursive: true });
      await page.screenshot({ path: join(RESULTS, "account-phone.png"), fullPage: true });
    });
  });

  describe("upgrade, reports, export and erase", () => {
    const userId = `pro-${stamp}`;
    let page;
    let oldToken;
    let reportId;
    before(async () => {
      page = await open({ userId, lang: "en" });
      oldToken = await page.evaluate(() => JSON.parse(localStorage.getItem("edge-coach.session")).token);
      await page.locator('#plan-tier[data-tier="free"]').waitFor();
      await page.locator('#live-status[data-state="open"]').waitFor();
    });

    it("upgrading on a server without Stripe keys says how a developer simulates the payment", async () => {
      await page.click("#upgrade");
      const box = page.locator("#plan-problem:visible");
      await box.waitFor();
      assert.match(await box.textContent(), /Checkout is not set up on this server\. 503/);
      assert.match(await box.locator("code").textContent(), /npm run stripe:send/);
      assert.ok(await page.isEnabled("#upgrade"));
    });

    it("a signed checkout.session.completed turns the open page to Pro, without a reload", async () => {
      const answer = await deliver("checkout.session.completed", userId);
      assert.equal(answer.applied, true);
      // the webhook pushes `entitlements.updated` over the user's live channel
      await page.locator('#plan-tier[data-tier="pro"]').waitFor();
      assert.equal(await text(page, "#plan-tier"), "Pro");
      assert.equal(await text(page, "#plan-status"), "Active");
      assert.equal(await text(page, "#plan-note"), "Your plan was updated.");
      const limits = await limitsOf(page);
      assert.deepEqual(
        limits.map(([, value]) => value),
        ["All of it", "Unlimited", "Included", "Included"],
      );
      assert.equal(await page.isVisible("#upgrade"), false);
      assert.equal(await page.isVisible("#reports-upgrade"), false);
      await page.locator("#report-monthly:visible").waitFor();
    });

    it(
      "a monthly report shows its progress, then a shared link that opens the report",
      { timeout: 90_000 },
      async () => {
        await page.click("#report-monthly");
        const result = page.locator("#report-result[data-status]");
        await result.waitFor({ timeout: 60_000 });
        assert.equal(await result.getAttribute("data-status"), "succeeded");
        assert.equal(await page.getAttribute("#report-bar", "aria-valuenow"), "100");
        assert.equal(await text(page, "#report-progress"), "Making the report: 100%");
        assert.match(await text(page, "#report-result"), /^Your report is ready\. Open · Link expires /);
        const href = await page.getAttribute("#report-open", "href");
        const shared = await fetch(new URL(href, base));
        assert.equal(shared.status, 200);
        assert.match(shared.headers.get("Content-Type"), /^text\/html/);
        const item = page.locator("#reports-list .report-item").first();
        await item.waitFor();
        reportId = (await item.getAttribute("id")).replace(/^report-/, "");
        assert.equal(await item.getAttribute("data-type"), "monthly");
        assert.equal(await item.getAttribute("data-status"), "succeeded");
        assert.match(await item.textContent(), /Monthly report\s*Ready/);
        assert.equal(await item.locator("a.open").textContent(), "Open");
      },
    );

    it("a goal forecast for the chosen category joins the list", { timeout: 90_000 }, async () => {
      await page.selectOption("#forecast-category", "sleep");
      await page.click("#report-forecast");
      await page.locator('#report-result[data-status="succeeded"]').waitFor({ timeout: 60_000 });
      await page.locator('#reports-list .report-item[data-type="goal_forecast"]').waitFor();
      assert.equal(await page.locator("#reports-list .report-item").count(), 2);
      assert.ok(await page.locator(`#report-${reportId}`).count());
      mkdirSync(RESULTS, { recursive: true });
      await page.screenshot({ path: join(RESULTS, "account-pro.png"), fullPage: true });
    });

    it(
      "the export downloads a JSON file with every section, and the page shows its manifest",
      { timeout: 60_000 },
      async () => {
        const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export")]);
        assert.match(download.suggestedFilename(), /^edge-coach-export-\d{4}-\d{2}-\d{2}\.json$/);
        const file = join(temp, download.suggestedFilename());
        await download.saveAs(file);
        const doc = JSON.parse(readFileSync(file, "utf8"));
        assert.equal(doc.format, "edge-coach-export/1");
        assert.equal(doc.userId, userId);
        const counts = doc.manifest.counts;
        assert.ok(Object.keys(counts).length > 5, JSON.stringify(counts));
        await page.locator("#export-manifest:visible").waitFor();
        const rows = await page
          .locator("#export-manifest tbody tr")
          .evaluateAll((all) => all.map((tr) => [tr.dataset.section, tr.cells[0].textContent.trim()]));
        assert.deepEqual(
          rows.map(([section]) => section),
          Object.keys(counts),
        );
        // each section by its name in the page's language; the two reports made above are counted
        assert.deepEqual(
          rows.find(([section]) => section === "analyticsReports"),
          ["analyticsReports", "Analytics reports"],
        );
        assert.equal(counts.analyticsReports, 2);
        const shown = await page.locator("#export-manifest tbody td").allTextContents();
        assert.deepEqual(
          shown,
          Object.values(counts).map((n) => n.toLocaleString("en-US")),
        );
        assert.match(
          await text(page, "#export-progress"),
          /^Downloaded edge-coach-export-[\d-]+\.json \([\d.]+ (bytes|kB|MB)\)\.$/,
        );
      },
    );

    it("a renewal date, then a failed payment: past due, with Pro kept until the grace period ends", async () => {
      const now = Math.floor(Date.now() / 1000);
      const periodEnd = now + 30 * 86_400;
      // a renewal date alone is not pushed (only a change of tier or status is); the failed payment is, and the
      // page then reads the whole plan
      assert.equal(
        (await deliver("customer.subscription.updated", userId, { created: now - 1, periodEnd })).applied,
        true,
      );
      assert.equal((await deliver("invoice.payment_failed", userId, { created: now })).applied, true);
      await page.locator('#plan-status[data-status="past_due"]').waitFor();
      assert.equal(await text(page, "#plan-status"), "Payment past due");
      assert.equal(await text(page, "#plan-tier"), "Pro");
      assert.equal(await page.getAttribute("#plan-renews time", "datetime"), new Date(periodEnd * 1000).toISOString());
      assert.equal(await text(page, "#plan-renews-label"), "Renews");
      assert.match(
        await text(page, "#plan-grace"),
        /^The last payment failed\. Pro stays on until \w{3} \d+, \d{4}, \d+:\d\d [AP]M; update your payment to keep it\.$/,
      );
      // in Korean the date moves into the sentence where Korean puts it
      await page.click('#shell button[data-set-lang="ko"]');
      await page.locator("#plan-status", { hasText: "결제 연체" }).waitFor();
      assert.match(
        await text(page, "#plan-grace"),
        /^마지막 결제에 실패했습니다\. \d{4}\. \d+\. \d+\. (오전|오후) \d+:\d\d까지는 Pro가/,
      );
      await page.click('#shell button[data-set-lang="en"]');
      await page.locator("#plan-status", { hasText: "Payment past due" }).waitFor();
    });

    it(
      "erasing asks for the confirmation word, signs out, shows the receipt, and the old token gets 401",
      { timeout: 90_000 },
      async () => {
        // the dialog takes focus, and Escape leaves it with nothing erased
        await page.click("#erase-open");
        await page.locator("#erase-dialog[open]").waitFor();
        assert.equal(await page.evaluate(() => document.activeElement.id), "erase-word");
        assert.equal(await text(page, "#erase-word-label"), "Type DELETE to confirm");
        await page.keyboard.press("Escape");
        await page.locator("#erase-dialog:not([open])").waitFor({ state: "attached" });
        await page.waitForFunction(() => document.activeElement?.id === "erase-open");
        // a wrong word keeps the button off, the right one turns it on; Enter confirms
        await page.keyboard.press("Enter");
        await page.locator("#erase-dialog[open]").waitFor();
        await page.keyboard.type("delete it");
        assert.equal(await page.isEnabled("#erase-confirm"), false);
        await page.fill("#erase-word", "DELETE");
        assert.ok(await page.isEnabled("#erase-confirm"));
        await page.keyboard.press("Enter");

        await page.locator("#signin-form").waitFor();
        assert.equal(await page.evaluate(() => localStorage.getItem("edge-coach.session")), null);
        assert.equal(await page.isVisible("#workspace"), false);
        await page.locator("#receipt-card:visible").waitFor();
        assert.equal(await page.evaluate(() => document.activeElement.id), "receipt-title");
        // the erasure runs in the background; the receipt polls until every store is done
        await page
          .locator('#receipt-state[data-status="completed"]')
          .waitFor({ timeout: 60_000 })
          .catch(async (error) =>
            assert.fail(`${error.message}\nthe receipt shows: ${await text(page, "#receipt-card")}`),
          );
        assert.equal(await text(page, "#receipt-state"), "Your account has been erased.");
        const facts = await page
          .locator("#receipt-facts")
          .evaluate((dl) =>
            [...dl.querySelectorAll("dt")].map((dt) => [dt.textContent, dt.nextElementSibling.textContent]),
          );
        assert.deepEqual(
          facts.map(([name]) => name),
          ["Receipt", "Requested", "Completed", "Steps"],
        );
        assert.match(facts[0][1], /^er_[0-9a-f-]{36}$/);
        assert.match(facts[3][1], /^(\d+) of \1 done$/);
        // stores that held something, with their counts (the user's actor and entitlements at least); the rest in one line
        const held = await page
          .locator("#receipt-stores tbody tr")
          .evaluateAll((all) => all.map((tr) => [tr.dataset.store, Number(tr.cells[1].textContent.replace(/,/g, ""))]));
        assert.ok(held.length > 0, "the receipt names no store");
        for (const [store, count] of held) assert.ok(count > 0, `${store} is listed with ${count}`);
        assert.ok(
          held.some(([store]) => store === "d1.user_entitlements"),
          JSON.stringify(held),
        );
        assert.match(
          await text(page, "#receipt-empty summary"),
          /^\d+ more stores were checked and held nothing of yours$/,
        );

        const res = await fetch(`${base}/v1/me/entitlements`, { headers: { Authorization: `Bearer ${oldToken}` } });
        assert.equal(res.status, 401);
        mkdirSync(RESULTS, { recursive: true });
        await page.screenshot({ path: join(RESULTS, "account-erased.png"), fullPage: true });

        // the receipt outlives a reload until it is closed
        await page.reload();
        await page.locator('#receipt-state[data-status="completed"]').waitFor();
        await page.click("#receipt-close");
        assert.equal(await page.isVisible("#receipt-card"), false);
      },
    );
  });

  it("the pages raised no script errors", () => {
    assert.deepEqual(pageErrors, []);
  });
});
