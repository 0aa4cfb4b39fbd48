// The interview prep page in a real headless Chromium against its own `wrangler dev`: a Korean resume
// gets questions in three categories and a learning path, with live progress through named stages (the
// offline provider at `npm run dev`'s pace, OFFLINE_TOKENS_PER_SECOND, shows each one), a cancel race whose end
// the page shows, the live-channel fallback, and the admin's provider chain.
// Run: node --test test/browser/interview.test.mjs   (REQUIRE_BROWSER=1 turns a missing browser into a failure)
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { root } from "../../scripts/lib/wrangler.mjs";
import { RESULTS, launchChromium, requireBrowser, skipWithoutBrowser, startDevServer, stopGroup } from "./harness.mjs";

const TITLE = "백엔드 개발자 이력서";
const HIGHLIGHT = "결제 시스템을 설계하고 응답 시간을 40% 단축했습니다.";
const CONTENT = `${HIGHLIGHT} 5명의 팀을 이끌며 서비스를 쿠버네티스로 전환했습니다. 장애 대응 절차를 자동화해 복구 시간을 절반으로 줄였습니다.`;
const TERMINAL = ["succeeded", "failed", "cancelled"];

it("every key the interview page names exists in both languages", async () => {
  const { dictionary } = await import("../../public/shared/i18n.js");
  const pub = join(root, "public");
  const sources = readdirSync(join(pub, "interview"))
    .filter((f) => /\.(html|js)$/.test(f) && f !== "strings.js")
    .map((f) => readFileSync(join(pub, "interview", f), "utf8"));
  const keys = new Set();
  for (const text of sources) {
    for (const [, key] of text.matchAll(/data-i18n(?:-placeholder|-label)?="([^"]+)"/g)) keys.add(key);
    for (const [, key] of text.matchAll(/["`]((?:interview|auth|live|nav|field|problem|title)\.[\w.-]+)["`]/g))
      keys.add(key);
  }
  assert.ok(keys.size > 40, `found only ${keys.size} keys`);
  for (const key of keys) {
    assert.ok(dictionary.en[key], `en is missing ${key}`);
    assert.ok(dictionary.ko[key], `ko is missing ${key}`);
  }
  const own = (lang) => Object.keys(dictionary[lang]).filter((k) => k.startsWith("interview."));
  assert.deepEqual(own("ko").sort(), own("en").sort());
});

requireBrowser();

describe("interview prep page in headless Chromium", { skip: skipWithoutBrowser }, () => {
  const temp = mkdtempSync(join(tmpdir(), "edge-coach-interview-"));
  const userId = `interview-${Date.now().toString(36)}`;
  const pageErrors = [];
  const streams = []; // job ids whose SSE stream the page opened
  let devServer;
  let browser;
  let page;
  let base;

  before(
    async () => {
      ({ process: devServer, base } = await startDevServer({
        persistTo: join(temp, "state"),
        // the pace `npm run dev` has: each job stage stays on screen a moment instead of all within ~160 ms
        args: ["--var", "OFFLINE_TOKENS_PER_SECOND:30"],
      }));
      browser = await launchChromium();
      const context = await browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 900 } });
      page = await context.newPage();
      page.setDefaultTimeout(15_000);
      page.on("pageerror", (error) => pageErrors.push(error.message));
      // Chromium logs every 4xx as a console error; the one the tests provoke on purpose is left out.
      page.on("response", (res) => {
        const expected = res.status() === 400 && new URL(res.url()).pathname === "/v1/resumes";
        if (res.status() >= 400 && !expected) pageErrors.push(`${res.status()} ${res.url()}`);
      });
      page.on("console", (message) => {
        if (message.type() === "error" && !message.text().startsWith("Failed to load resource"))
          pageErrors.push(message.text());
      });
      page.on("request", (req) => {
        const match = new URL(req.url()).pathname.match(/^\/v1\/jobs\/([\w-]+)\/stream$/);
        if (match) streams.push(match[1]);
      });
    },
    { timeout: 180_000 },
  );

  after(async () => {
    await browser?.close().catch(() => {});
    await stopGroup(devServer);
    rmSync(temp, { recursive: true, force: true, maxRetries: 3 });
  });

  /** Starts the job of the card `prefix` and resolves to its id once the card shows a final status. */
  async function runJob(prefix, path) {
    const accepted = page.waitForResponse((r) => r.request().method() === "POST" && r.url().endsWith(path));
    await page.click(`#${prefix}-form button[type=submit]`);
    const { jobId } = await (await accepted).json();
    await page.waitForFunction(
      ([p, done]) => done.includes(document.getElementById(`${p}-card`).dataset.status),
      [prefix, TERMINAL],
    );
    return jobId;
  }

  /**
   * Records every value the card's progress bar is given (and the stage beside it), so no step slips past,
   * and every value its fill came to rest at (its width transition ended there rather than being overtaken).
   */
  const recordProgress = (prefix) =>
    page.evaluate((p) => {
      const bar = document.querySelector(`#${p}-run .bar`);
      const stage = document.querySelector(`#${p}-run .stage`);
      const fill = bar.querySelector(".fill");
      window.progress = [];
      window.stages = [];
      window.rested = [];
      fill.addEventListener("transitionend", (event) => {
        if (event.propertyName === "width") window.rested.push(parseFloat(fill.style.width));
      });
      new MutationObserver(() => {
        const value = Number(bar.getAttribute("aria-valuenow"));
        window.progress.push(value);
        window.stages.push([value, stage.textContent.trim()]);
      }).observe(bar, { attributes: true, attributeFilter: ["aria-valuenow"] });
    }, prefix);

  it("an admin signs in and sees the provider chain", async () => {
    await page.goto(`${base}/interview/`);
    await page.fill("#userId", userId);
    await page.selectOption("#role", "admin");
    await page.click("#signin-form button[type=submit]");
    await page.locator("#who-user", { hasText: userId }).waitFor();
    await page.locator('#live-status[data-state="open"]').waitFor();
    const offline = page.locator('#providers .provider-row[data-name="offline"]');
    await offline.waitFor();
    assert.equal(await offline.getAttribute("data-breaker"), "closed");
    await page.locator("#list-empty:visible").waitFor();
    assert.equal(await page.isDisabled("#q-form button[type=submit]"), true);
  });

  it("a resume over 50,000 characters is counted over the limit and the API's refusal is shown beside it", async () => {
    await page.fill("#title", "Too long");
    await page.fill("#content", "가".repeat(50_001));
    assert.equal((await page.textContent("#content-count")).trim(), "50,001 / 50,000");
    assert.equal(await page.getAttribute("#content-count", "data-over"), "true");
    await page.click("#resume-form button[type=submit]");
    const error = page.locator('#resume-form [data-error-for="content"]:visible');
    await error.waitFor();
    assert.equal((await error.textContent()).trim(), "At most 50,000 characters.");
    assert.equal(await page.getAttribute("#content", "aria-invalid"), "true");
    assert.equal(await page.getAttribute("#title", "aria-invalid"), null);
    assert.equal(await page.locator("#resumes .resume").count(), 0);
  });

  it("a Korean resume is saved and selected", async () => {
    await page.fill("#title", TITLE);
    await page.fill("#content", CONTENT);
    assert.equal((await page.textContent("#content-count")).trim(), `${CONTENT.length} / 50,000`);
    await page.fill("#skills", "Go, 쿠버네티스，PostgreSQL");
    await page.fill("#years", "5");
    await page.click("#resume-form button[type=submit]");
    const row = page.locator('#resumes .resume[data-selected="true"]', { hasText: TITLE });
    await row.waitFor();
    assert.deepEqual(await row.locator(".chip").allTextContents(), ["Go", "쿠버네티스", "PostgreSQL"]);
    assert.equal(await page.isVisible("#resume-problem"), false);
    assert.equal(await page.getAttribute("#content", "aria-invalid"), null);
    assert.match(await page.textContent("#prepare-for"), new RegExp(TITLE));
  });

  it("interview questions: the bar reaches 100 and questions render in three categories", async () => {
    await recordProgress("q");
    await page.fill("#q-count", "6");
    await page.selectOption("#q-level", "senior");
    const jobId = await runJob("q", "/interview-questions");
    assert.equal(await page.getAttribute("#q-card", "data-status"), "succeeded");
    assert.ok(streams.includes(jobId), "the page followed the job's SSE stream");
    const seen = await page.evaluate(() => window.progress);
    assert.equal(seen.at(-1), 100);
    assert.deepEqual(
      seen,
      [...seen].sort((a, b) => a - b),
      `progress went backwards: ${seen}`,
    );
    // the bar moved through its stages: at least two values between 0 and 100 were on screen, each
    // with a stage name in words (the page's English for the API's stage), not a bare number
    const between = new Set(seen.filter((v) => v > 0 && v < 100));
    assert.ok(between.size >= 2, `intermediate values seen: ${[...between]} (all: ${seen})`);
    const stages = await page.evaluate(() => window.stages);
    const named = new Set(stages.filter(([v]) => v > 0 && v < 100).map(([, name]) => name));
    assert.ok(named.size >= 2, `stages seen on the way: ${JSON.stringify(stages)}`);
    for (const name of named) assert.match(name, /^(Analysing the resume|Drafting|Checking the result)$/);
    // and it visibly stopped at them: with stages back to back (~160 ms in all) each move is overtaken by the next
    const rested = new Set((await page.evaluate(() => window.rested)).filter((v) => v > 0 && v < 100));
    assert.ok(rested.size >= 2, `the bar came to rest at ${[...rested]} before 100`);
    assert.equal((await page.textContent("#q-run .pct")).trim(), "100%");
    assert.equal((await page.textContent("#q-status")).trim(), "Done");
    const groups = await page.locator("#q-results .q-group").evaluateAll((els) => els.map((e) => e.dataset.category));
    assert.deepEqual(groups, ["technical", "behavioural", "situational"]);
    assert.equal(await page.locator("#q-results .question").count(), 6);
    assert.equal(await page.locator('#q-results .badge.difficulty[data-difficulty="hard"]').count(), 6);
    const quotes = await page.locator('.q-group[data-category="behavioural"] blockquote').allTextContents();
    assert.ok(quotes.includes(HIGHLIGHT), `evidence quotes the resume: ${quotes}`);
    assert.ok((await page.locator("#q-results .question").first().locator(".outline li").count()) >= 1);
    assert.equal(await page.getAttribute("#q-run .provider", "data-offline"), "true");
    assert.equal((await page.textContent("#q-run .badge.offline")).trim(), "offline");
  });

  it("a learning path renders one entry per week with goals, resources and a checkpoint", async () => {
    await page.fill("#lp-weeks", "4");
    await page.fill("#lp-goal", "시니어 면접 합격");
    await runJob("lp", "/learning-path");
    assert.equal(await page.getAttribute("#lp-card", "data-status"), "succeeded");
    const weeks = page.locator("#lp-results .week");
    assert.equal(await weeks.count(), 4);
    assert.deepEqual(await weeks.locator("h3").allTextContents(), ["Week 1", "Week 2", "Week 3", "Week 4"]);
    for (let i = 0; i < 4; i++) {
      assert.ok((await weeks.nth(i).locator(".week-part").first().locator("li").count()) >= 1);
      assert.ok((await weeks.nth(i).locator(".week-part").nth(1).locator("li").count()) >= 1);
      assert.notEqual((await weeks.nth(i).locator(".checkpoint span").textContent()).trim(), "");
    }
    assert.equal((await page.textContent("#lp-run .pct")).trim(), "100%");
  });

  it("a job cancelled at once ends cancelled, or succeeded if it won the race, and the page says which", async (t) => {
    // clicks Cancel the moment it appears; the offline provider may still finish first
    await page.evaluate(() => {
      const run = document.getElementById("q-run");
      new MutationObserver((_, observer) => {
        const button = run.querySelector(".cancel");
        if (button && !button.hidden && !button.disabled && run.dataset.status === "queued") {
          observer.disconnect();
          button.click();
        }
      }).observe(run, { attributes: true, subtree: true });
    });
    const cancelled = page.waitForRequest((r) => r.method() === "POST" && r.url().endsWith("/cancel"));
    await page.fill("#q-count", "5");
    await page.selectOption("#q-level", "junior");
    const jobId = await runJob("q", "/interview-questions");
    await cancelled;
    await page.waitForFunction(() => document.querySelector("#q-run .cancel").hidden);
    const server = await page.evaluate(async (id) => {
      const { token } = JSON.parse(localStorage.getItem("edge-coach.session"));
      return (await fetch(`/v1/jobs/${id}`, { headers: { Authorization: `Bearer ${token}` } })).json();
    }, jobId);
    assert.ok(["cancelled", "succeeded"].includes(server.status), `ended ${server.status}`);
    t.diagnostic(`the job ended ${server.status} at ${server.progress}%`);
    assert.equal(await page.getAttribute("#q-card", "data-status"), server.status);
    const label = { cancelled: "Cancelled", succeeded: "Done" }[server.status];
    assert.equal((await page.textContent("#q-status")).trim(), label);
    assert.equal((await page.textContent("#q-run .pct")).trim(), `${server.progress}%`);
    if (server.status === "cancelled") {
      assert.equal(await page.locator("#q-results .question").count(), 0);
      assert.equal((await page.textContent("#q-run .stage")).trim(), "Cancelled");
    } else {
      assert.equal(await page.locator("#q-results .question").count(), 5);
      await page.locator("#q-run .note", { hasText: "finished before the cancel" }).waitFor();
    }
  });

  it("when the progress stream fails, the live channel carries the job to the end", async () => {
    await page.route("**/v1/jobs/*/stream", (route) => route.abort("failed"));
    await page.fill("#lp-weeks", "3");
    await runJob("lp", "/learning-path");
    await page.unroute("**/v1/jobs/*/stream");
    assert.equal(await page.getAttribute("#lp-card", "data-status"), "succeeded");
    assert.match(await page.textContent("#lp-run .note"), /live channel/);
    assert.equal(await page.locator("#lp-results .week").count(), 3);
  });

  it("after a reload the last results are shown again", async () => {
    await page.reload();
    await page.locator('#lp-card[data-status="succeeded"]').waitFor();
    assert.equal(await page.locator("#lp-results .week").count(), 3);
    await page.waitForFunction(() => document.getElementById("q-card").dataset.status);
  });

  it("in Korean the page is translated; screenshot", async () => {
    await page.fill("#q-count", "6");
    await page.selectOption("#q-level", "senior");
    await runJob("q", "/interview-questions"); // the same request as before: the API hands back that job
    assert.match(await page.textContent("#q-run .note"), /10 minutes/);
    await page.click('button[data-set-lang="ko"]');
    await page.locator("#q-title", { hasText: "면접 질문" }).waitFor();
    assert.deepEqual(await page.locator("#q-results .q-group h3 > span:first-child").allTextContents(), [
      "기술",
      "행동",
      "상황",
    ]);
    assert.equal((await page.textContent("#q-status")).trim(), "완료");
    assert.equal((await page.textContent("#q-run .stage")).trim(), "끝났습니다");
    assert.equal(await page.getAttribute("#q-run .bar", "aria-valuetext"), "끝났습니다, 100%");
    assert.equal((await page.textContent("#q-run .badge.offline")).trim(), "오프라인");
    await page
      .locator("#q-results details.outline")
      .first()
      .evaluate((d) => (d.open = true));
    // the bars ease towards their value; the picture should show where they ended
    await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => {}))));
    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: join(RESULTS, "interview.png"), fullPage: true });
  });

  it("deleting a resume takes a second click to confirm", async () => {
    await page.fill("#title", "Old resume");
    await page.fill("#content", "I led a migration and reduced costs by 30%.");
    await page.click("#resume-form button[type=submit]");
    const row = page.locator("#resumes .resume", { hasText: "Old resume" });
    await page.locator('#resumes .resume[data-selected="true"]', { hasText: "Old resume" }).waitFor();
    await row.locator("button.danger").click();
    assert.equal(await page.locator("#resumes .resume").count(), 2);
    await row.locator('button.danger[data-confirm="true"]').click();
    await row.waitFor({ state: "detached" });
    assert.equal(await page.locator('#resumes .resume[data-selected="true"]', { hasText: TITLE }).count(), 1);
  });

  it("the page raised no script errors", () => {
    assert.deepEqual(pageErrors, []);
  });
});
