// The life-log page in a real headless Chromium against its own `wrangler dev`: a sample day becomes
// blocks, a correction survives a reload, the week is a heat-map, privacy switches hold, the page speaks
// Korean, and a label nobody else shares is too small a cohort to compare.
// Run: node --test test/browser/lifelog.test.mjs   (REQUIRE_BROWSER=1 turns a missing browser into a failure)
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { root } from "../../scripts/lib/wrangler.mjs";
import { RESULTS, launchChromium, requireBrowser, skipWithoutBrowser, startDevServer, stopGroup } from "./harness.mjs";

const TIME_ZONE = "Asia/Seoul";
const CATEGORIES = ["work", "study", "exercise", "commute", "social", "rest", "sleep", "leisure", "chores", "other"];

it("every key the life-log page names exists in both languages", async () => {
  const { dictionary } = await import("../../public/shared/i18n.js");
  const dir = join(root, "public", "lifelog");
  const sources = readdirSync(dir)
    .filter((f) => /\.(html|js)$/.test(f) && f !== "strings.js")
    .map((f) => readFileSync(join(dir, f), "utf8"));
  const keys = new Set();
  for (const text of sources) {
    for (const [, key] of text.matchAll(/data-i18n(?:-placeholder|-label)?="([^"]+)"/g)) keys.add(key);
    for (const [, key] of text.matchAll(/["`]((?:lifelog|field|problem)\.[\w.]+)["`]/g)) keys.add(key);
  }
  // keys built from a value (`lifelog.category.${c}`) must exist for every value the contract allows
  for (const c of CATEGORIES) keys.add(`lifelog.category.${c}`);
  for (const s of ["screen_time", "location", "calendar", "health", "manual"]) keys.add(`lifelog.source.${s}`);
  for (const v of ["private", "stats_only", "anonymized_timeline"]) keys.add(`lifelog.privacy.visibility.${v}.hint`);
  for (const k of ["affiliation", "role", "interest", "region", "age_band"]) keys.add(`lifelog.labels.key.${k}`);
  assert.ok(keys.size > 60, `found only ${keys.size} keys`);
  for (const key of keys) {
    assert.ok(dictionary.en[key], `en is missing ${key}`);
    assert.ok(dictionary.ko[key], `ko is missing ${key}`);
  }
  const own = (lang) => Object.keys(dictionary[lang]).filter((k) => k.startsWith("lifelog."));
  assert.deepEqual(own("ko").sort(), own("en").sort());
});

it("the sample day falls on the chosen local day, also on a day the clocks spring forward", async () => {
  const { sampleEvents } = await import("../../public/lifelog/sample.js");
  const events = sampleEvents("2026-03-08", "America/New_York");
  // midnight is still EST (UTC-5); seven in the morning is already EDT (UTC-4)
  assert.equal(events[0].start, "2026-03-08T05:00:00.000Z");
  assert.equal(events[0].end, "2026-03-08T11:00:00.000Z");
  assert.equal(events.at(-1).end, "2026-03-09T03:59:00.000Z");
  assert.deepEqual(
    sampleEvents("2026-03-08", "Asia/Seoul").map((e) => e.eventId),
    events.map((e) => e.eventId),
  );
  assert.equal(new Set(events.map((e) => e.eventId)).size, events.length);
});

it("local midnight is found on both days a year the clocks change, so the axis is 23 and 25 hours long", async () => {
  const { dayStart } = await import("../../public/lifelog/time.js");
  const hoursOf = (day, next, tz) => (dayStart(next, tz) - dayStart(day, tz)) / 3_600_000;
  assert.equal(new Date(dayStart("2026-03-08", "America/New_York")).toISOString(), "2026-03-08T05:00:00.000Z");
  assert.equal(hoursOf("2026-03-08", "2026-03-09", "America/New_York"), 23);
  assert.equal(new Date(dayStart("2026-11-01", "America/New_York")).toISOString(), "2026-11-01T04:00:00.000Z");
  assert.equal(hoursOf("2026-11-01", "2026-11-02", "America/New_York"), 25);
  assert.equal(hoursOf("2026-10-25", "2026-10-26", "Europe/Berlin"), 25);
  assert.equal(new Date(dayStart("2026-12-04", "Asia/Seoul")).toISOString(), "2026-12-03T15:00:00.000Z");
});

requireBrowser();

describe("life-log page in headless Chromium", { skip: skipWithoutBrowser }, () => {
  const temp = mkdtempSync(join(tmpdir(), "edge-coach-lifelog-"));
  const userId = `lifelog-${Date.now().toString(36)}`;
  // yesterday in Seoul: a whole day in the past, inside the actor's hot window
  const day = new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE }).format(new Date(Date.now() - 86_400_000));
  const pageErrors = [];
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
      // Chromium logs every 4xx as a console error; the one the tests provoke on purpose is left out
      page.on("response", (res) => {
        const where = `${res.request().method()} ${res.status()} ${new URL(res.url()).pathname}`;
        if (res.status() >= 400 && where !== "POST 400 /v1/devices") pageErrors.push(where);
      });
      page.on("console", (message) => {
        if (message.type() === "error" && !message.text().startsWith("Failed to load resource"))
          pageErrors.push(message.text());
      });
    },
    { timeout: 180_000 },
  );

  after(async () => {
    await browser?.close().catch(() => {});
    await stopGroup(devServer);
    rmSync(temp, { recursive: true, force: true, maxRetries: 3 });
  });

  const blocks = () => page.locator("#day-axis .block");

  it("a signed-in user with no events sees how to connect a device", async () => {
    await page.goto(`${base}/lifelog/?day=${day}`);
    await page.locator("#signed-out-note:visible").waitFor();
    await page.fill("#userId", userId);
    await page.click("#signin-form button[type=submit]");
    await page.locator("#who-user", { hasText: userId }).waitFor();
    await page.locator("#day-empty:visible").waitFor();
    assert.match(await page.textContent("#day-empty"), /Connect a device under Devices.*POST \/v1\/activity/s);
    assert.equal(await page.inputValue("#day-picker"), day);
    assert.equal(await page.getAttribute("#shell nav.lines a[aria-current=page]", "href"), "/lifelog/");
  });

  it("a sample day appears as blocks, each naming its category, source and confidence", async () => {
    await page.click("#sample-day");
    await page.locator("#sample-status", { hasText: /Sample day sent: \d+ new, 0 already there/ }).waitFor();
    await blocks().first().waitFor();
    const shown = await blocks().evaluateAll((all) =>
      all.map((b) => ({ category: b.dataset.category, text: b.textContent })),
    );
    assert.ok(shown.length >= 4, `only ${shown.length} blocks`);
    for (const { category, text } of shown) {
      assert.ok(CATEGORIES.includes(category), category);
      assert.match(text, /\d{1,2}:\d{2}.*–.*\d{1,2}:\d{2}/);
      assert.match(text, /\d+% sure/);
    }
    const categories = new Set(shown.map((b) => b.category));
    assert.ok(categories.size >= 3, `categories: ${[...categories]}`);
    assert.ok(categories.has("sleep") || categories.has("work"), `categories: ${[...categories]}`);
    // every block is drawn inside the day's axis
    const axis = await page.locator("#day-axis").boundingBox();
    for (const box of await blocks().evaluateAll((all) => all.map((b) => b.getBoundingClientRect().toJSON())))
      assert.ok(box.top >= axis.y - 1 && box.bottom <= axis.y + axis.height + 1, JSON.stringify(box));
  });

  it("loading the same sample day again adds nothing", async () => {
    const before = await blocks().count();
    await page.click("#sample-day");
    await page.locator("#sample-status", { hasText: /Sample day sent: 0 new, \d+ already there/ }).waitFor();
    assert.equal(await blocks().count(), before);
  });

  it("correcting a block from the keyboard redraws it, and the correction survives a reload", async () => {
    const first = blocks().first();
    const id = await first.getAttribute("data-entry-id");
    const next = (await first.getAttribute("data-category")) === "study" ? "social" : "study";
    await first.focus();
    await page.keyboard.press("Enter");
    await page.locator("#correct-dialog[open]").waitFor();
    await page.check(`#correct-choices input[value="${next}"]`);
    await page.fill("#correct-note", "영어 원서 읽기");
    await page.click("#correct-form button[type=submit]");
    const corrected = page.locator(`#day-axis .block[data-entry-id="${id}"]`);
    await page.locator(`#day-axis .block[data-entry-id="${id}"][data-category="${next}"]`).waitFor();
    assert.equal(await page.isVisible("#correct-dialog"), false);
    assert.equal(await corrected.getAttribute("data-classified-by"), "correction");
    await page.reload();
    await blocks().first().waitFor();
    assert.equal(await corrected.getAttribute("data-category"), next);
    assert.match(await corrected.textContent(), next === "study" ? /Study/ : /Social/);
  });

  it("the week heat-map has seven days by ten categories, with the sample day's hours", async () => {
    await page.locator("#week-grid tbody tr").first().waitFor();
    assert.equal(await page.locator("#week-grid thead th").count(), 8);
    assert.equal(await page.locator("#week-grid tbody tr").count(), CATEGORIES.length);
    const column = await page
      .locator("#week-grid thead th")
      .evaluateAll((all) => all.findIndex((th) => th.getAttribute("aria-current") === "date"));
    assert.ok(column > 0, "the shown day is marked in the heat-map");
    const minutes = await page
      .locator(`#week-grid tbody td:nth-child(${column + 1})`)
      .evaluateAll((all) => all.map((td) => Number(td.dataset.minutes)));
    assert.ok(minutes.reduce((a, b) => a + b, 0) > 12 * 60, `minutes: ${minutes}`);
    const busy = page.locator("#week-grid td[data-minutes]:not([data-minutes='0'])").first();
    assert.match(await busy.getAttribute("title"), /: [\d.]+ h$/);
    assert.match(await busy.textContent(), /^[\d.]+ h$/);
  });

  it("turning location off is saved and still off after a reload", async () => {
    await page.locator("#privacy-form:visible").waitFor();
    assert.equal(await page.isChecked("#consent-location"), true);
    assert.equal(await page.isChecked("#visibility-stats_only"), true);
    await page.uncheck("#consent-location");
    await page.click("#privacy-form button[type=submit]");
    await page.locator("#privacy-status", { hasText: "Saved." }).waitFor();
    await page.reload();
    await page.locator("#privacy-form:visible").waitFor();
    assert.equal(await page.isChecked("#consent-location"), false);
    assert.equal(await page.isChecked("#consent-calendar"), true);
  });

  it("a device without a name is refused with the message beside the name field", async () => {
    await page.fill("#device-name", "   ");
    await page.click("#device-form button[type=submit]");
    const error = page.locator("#device-form [data-error-for=name]:visible");
    await error.waitFor();
    assert.equal((await error.textContent()).trim(), "Required.");
    assert.equal(await page.getAttribute("#device-name", "aria-invalid"), "true");
  });

  it("a device is added with no events yet, and removed", async () => {
    await page.fill("#device-name", "민지의 iPhone");
    await page.selectOption("#device-platform", "ios");
    await page.click("#device-form button[type=submit]");
    const device = page.locator("#devices .device", { hasText: "민지의 iPhone" });
    await device.waitFor();
    assert.equal(await page.isVisible("#device-form [data-error-for=name]"), false);
    assert.match(await device.textContent(), /Has not sent an event yet/);
    await device.locator("button").click();
    await device.waitFor({ state: "detached" });
    await page.locator("#devices-empty:visible").waitFor();
  });

  it("switching to Korean translates the page, the blocks and the heat-map", async () => {
    await page.click('#shell [data-set-lang="ko"]');
    await page.locator("#day-title", { hasText: "하루 기록" }).waitFor();
    assert.equal((await page.textContent("#week-title")).trim(), "주간 기록");
    assert.equal((await page.textContent("#privacy-title")).trim(), "개인정보");
    assert.match(await page.textContent("#legend"), /업무.*공부.*운동/s);
    assert.match(await blocks().first().textContent(), /확신도 \d+%/);
    assert.match(await page.locator("#week-grid tbody th").first().textContent(), /업무/);
    assert.match(await page.textContent("#sample-day"), /예시 하루 불러오기/);
    assert.equal(await page.title(), "Edge Coach · 라이프로그");
    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: join(RESULTS, "lifelog-ko.png"), fullPage: true });
  });

  it("a label nobody else has is too small a cohort: the page says so instead of charting it", async () => {
    await page.click(".add-label summary");
    await page.selectOption("#label-key", "interest");
    await page.fill("#label-value", `연날리기 ${userId}`);
    await page.click("#label-form button[type=submit]");
    await page.locator("#insight-form:visible").waitFor();
    await page.click("#insight-form button[type=submit]");
    const suppressed = page.locator("#insight-suppressed:visible");
    await suppressed.waitFor();
    assert.match(await suppressed.textContent(), /11명 미만/);
    assert.equal(await page.isVisible("#insight-chart svg"), false);
    assert.match(await page.textContent("#insight-note"), /ε = [\d.]+/);
    await page.click('#shell [data-set-lang="en"]');
    assert.match(await suppressed.textContent(), /Not enough people to compare privately \(fewer than 11\)/);
  });

  it("a cohort's answer is charted beside the user's week, with the privacy note the answer carries", async () => {
    // a real cohort of 11 needs 11 people's day totals; the answer's shape is the contract's (InsightSchema)
    const minutesPerDay = Object.fromEntries(CATEGORIES.map((c, i) => [c, [420, 0, 45, 60][i] ?? 30]));
    const answer = {
      cohort: { key: "interest", value: "연날리기", size: 23 },
      window: { days: 30, tier: "free" },
      metrics: { minutesPerDay, exerciseDayShare: 0.4, margin95: { minutesPerDay: 312, exerciseDayShare: 0.65 } },
      privacy: { mechanism: "laplace", sampler: "discrete-laplace", epsilon: 1, cached: true, minCohort: 11 },
    };
    await page.route("**/v1/insights/labels?*", (route) => route.fulfill({ json: answer }));
    await page.click("#insight-form button[type=submit]");
    await page.locator("#insight-chart svg").waitFor();
    await page.unroute("**/v1/insights/labels?*");
    assert.equal(await page.isVisible("#insight-suppressed"), false);
    assert.match(await page.textContent("#insight-cohort"), /about 23 people, over the last 30 days/);
    assert.equal(await page.locator("#insight-chart .bar.cohort").count(), CATEGORIES.length);
    assert.equal(await page.locator("#insight-chart .bar.mine").count(), CATEGORIES.length);
    const work = page.locator('#insight-chart .bar.cohort[data-category="work"]');
    assert.equal(await work.getAttribute("data-minutes"), "420");
    assert.equal((await work.locator("text").textContent()).trim(), "7 h");
    // the user's bar is their average over the week shown: the sample day's work spread over seven days
    const mine = Number(
      await page.locator('#insight-chart .bar.mine[data-category="work"]').getAttribute("data-minutes"),
    );
    assert.ok(mine > 0 && mine < 8 * 60, `mine: ${mine}`);
    assert.match(await page.textContent("#insight-exercise"), /40% of their days include exercise; 14% of yours/);
    assert.match(await page.textContent("#insight-note"), /ε = 1 \(discrete-laplace\)/);
    // a small group's noise is wide, and the page says how wide
    assert.match(await page.textContent("#insight-margin"), /±312 minutes a day .* \(exercise share ±65%\) 95 %/);
    assert.equal(await page.isVisible("#insight-cached"), true);
    assert.equal(await page.locator("#insight-table tr").count(), CATEGORIES.length);
    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: join(RESULTS, "lifelog.png"), fullPage: true });
  });

  it("the page raised no script errors", () => {
    assert.deepEqual(pageErrors, []);
  });
});
