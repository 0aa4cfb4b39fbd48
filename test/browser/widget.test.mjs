// The embeddable coaching widget in a real headless Chromium against its own `wrangler dev`: a partner
// page with hostile CSS hands it a token by postMessage, the offline provider's answers stream in at
// `npm run dev`'s reading pace (OFFLINE_TOKENS_PER_SECOND), history survives a reload,
// an interrupted stream resumes, and only allow-listed origins can hand it a token.
// Run: node --test test/browser/widget.test.mjs   (REQUIRE_BROWSER=1 turns a missing browser into a failure)
import assert from "node:assert/strict";
import { once } from "node:events";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import vm from "node:vm";
import { root } from "../../scripts/lib/wrangler.mjs";
import {
  RESULTS,
  freePort,
  launchPersistentChromium,
  requireBrowser,
  skipWithoutBrowser,
  startDevServer,
  stopGroup,
} from "./harness.mjs";
import { knowledgeDocuments } from "../../scripts/seed/index.mjs";

const QUESTION = "How do I stop doing my team's work myself?";

/** Runs widget parts as the served bundle does (one scope) and returns the named declarations. */
function widgetParts(parts, names, globals = {}) {
  const source = parts.map((p) => readFileSync(join(root, "public", p), "utf8")).join("\n");
  return vm.runInNewContext(`"use strict";\n${source}\n;({ ${names.join(", ")} })`, { ...globals });
}

it("both languages define every widget string", () => {
  const { STRINGS } = widgetParts(["widget/strings.js"], ["STRINGS"]);
  assert.deepEqual(Object.keys(STRINGS.ko).sort(), Object.keys(STRINGS.en).sort());
  for (const [key, text] of Object.entries(STRINGS.ko)) assert.ok(String(text).trim(), `ko.${key} is empty`);
});

it("the SSE reader reassembles events split across chunks, even inside a Korean character", async () => {
  const { readEvents } = widgetParts(["vendor/eventsource-parser/widget-part.js", "widget/sse.js"], ["readEvents"], {
    TextDecoder,
  });
  const wire =
    'event: message\ndata: {"messageId":"2"}\n\nevent: token\r\ndata: {"text":"안녕"}\r\n\r\n: ping\n\nevent: done\ndata: {}\n\n';
  const bytes = new TextEncoder().encode(wire);
  const at = (text, plus) => Buffer.from(bytes).indexOf(Buffer.from(text)) + plus;
  // cut inside "event:", inside the 3-byte "안", between "\r" and "\n", and inside a comment
  const cuts = [3, at("안", 1), at("녕", 2), at('"}\r\n\r', 4), at(": ping", 3), bytes.length];
  const chunks = cuts.map((end, i) => bytes.slice(cuts[i - 1] ?? 0, end));
  const body = new ReadableStream({
    pull(controller) {
      const next = chunks.shift();
      if (next) controller.enqueue(next);
      else controller.close();
    },
  });
  const seen = [];
  await readEvents({ body }, (events) => seen.push(...events));
  assert.deepEqual(JSON.parse(JSON.stringify(seen.map((e) => [e.event, e.data]))), [
    ["message", { messageId: "2" }],
    ["token", { text: "안녕" }],
    ["done", {}],
  ]);
});

requireBrowser();

describe("coaching widget in headless Chromium", { skip: skipWithoutBrowser }, () => {
  const temp = mkdtempSync(join(tmpdir(), "edge-coach-widget-"));
  const pageErrors = [];
  const provoked = new Set(); // "status /path" prefixes of failures a test causes on purpose
  let devServer;
  let partnerServer;
  let partnerPort;
  let context;
  let page;
  let base;
  let finalAnswer = "";

  const widget = (selector, options) => page.locator(`edge-coach-widget >> ${selector}`, options);
  const shadowEval = (fn, arg) =>
    page.evaluate(
      ([source, arg]) =>
        new Function("root", "arg", `return (${source})(root, arg)`)(
          document.querySelector("edge-coach-widget").shadowRoot,
          arg,
        ),
      [fn.toString(), arg],
    );

  async function signIn(target, userId, leadershipType = "pacesetting") {
    await target.selectOption("#user", userId);
    await target.selectOption("#type", leadershipType);
    await target.click("#signin-button");
    await target.locator("#who", { hasText: `Signed in as ${userId}` }).waitFor();
  }

  async function openWidget(target = page) {
    const launcher = target.locator("edge-coach-widget >> .launcher");
    if ((await launcher.getAttribute("aria-expanded")) !== "true") await launcher.click();
    await target.locator("edge-coach-widget >> .panel").waitFor();
  }

  before(
    async () => {
      const port = await freePort();
      partnerPort = await freePort();
      base = `http://127.0.0.1:${port}`;
      ({ process: devServer } = await startDevServer({
        persistTo: join(temp, "state"),
        port,
        args: [
          "--var",
          `WIDGET_ALLOWED_ORIGINS:${base},http://partner.test:${partnerPort}`,
          // no vendor: the offline provider answers, at the reading pace `npm run dev` has by default
          "--var",
          "OFFLINE_TOKENS_PER_SECOND:30",
        ],
      }));
      await indexKnowledge(base);

      // the demo page as another site would serve it: the widget tag's src points at the API, and Edge Coach's
      // own navigation (a module script from the API's origin) is not part of a partner's page
      const demo = readFileSync(join(root, "public/coach-demo/index.html"), "utf8")
        .replace('src="/widget.js"', `src="${base}/widget.js"`)
        .replace(/<script [^>]*data-edge-coach-shell[^>]*><\/script>/, "");
      partnerServer = createHttpServer((req, res) => {
        res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(demo);
      });
      partnerServer.listen(partnerPort, "127.0.0.1");
      await once(partnerServer, "listening");

      context = await launchPersistentChromium(join(temp, "profile"), {
        // two partner origins on this machine: one allow-listed, one not
        args: ["--host-resolver-rules=MAP partner.test 127.0.0.1, MAP intruder.test 127.0.0.1"],
        locale: "en-US",
        viewport: { width: 1280, height: 900 },
      });
      page = context.pages()[0] ?? (await context.newPage());
      context.setDefaultTimeout(15_000);
      context.on("weberror", (error) => pageErrors.push(error.error().message));
      context.on("response", (res) => {
        const failure = `${res.status()} ${new URL(res.url()).pathname}`;
        const expected = [...provoked].some((prefix) => failure.startsWith(prefix));
        if (res.status() >= 400 && !expected) pageErrors.push(`${failure} (${res.url()})`);
      });
      context.on("console", (message) => {
        if (message.type() === "error" && !message.text().startsWith("Failed to load resource"))
          pageErrors.push(message.text());
      });
    },
    { timeout: 180_000 },
  );

  after(async () => {
    await context?.close().catch(() => {});
    partnerServer?.close();
    await stopGroup(devServer);
    rmSync(temp, { recursive: true, force: true, maxRetries: 3 });
  });

  it("waits for sign-in until the host page hands it a token", async () => {
    await page.goto(`${base}/coach-demo/`);
    await openWidget();
    await widget('.notice[data-kind="waiting"]').waitFor();
    assert.match(await widget(".notice").textContent(), /Waiting for sign-in/);
    assert.equal(await widget("textarea").isDisabled(), true);
    const focused = await shadowEval((root) => root.activeElement?.getAttribute("aria-label"));
    assert.equal(focused, "Close coaching chat", "with nothing to type yet, focus goes to the close button");
  });

  it("a token handed over by postMessage shows the style's interpretation", async () => {
    await signIn(page, "demo-en");
    await widget(".subtitle", { hasText: "Your style: Pacesetting" }).waitFor();
    await widget('.interp-body[aria-busy="false"]').waitFor();
    assert.ok((await widget(".interp-body").textContent()).trim().length > 20);
    assert.match(await widget(".interp .chip").first().getAttribute("title"), /^knowledge\/types\/pacesetting\.md$/);
    assert.equal(await widget(".notice").isVisible(), false);
    assert.equal(await widget("textarea").isEnabled(), true);
  });

  it("an offline answer streams in: partial texts appear before it is done, then citations", async (t) => {
    await shadowEval((root) => {
      window.__partials = [];
      new MutationObserver(() => {
        const message = [...root.querySelectorAll(".msg-assistant")].at(-1);
        if (message)
          window.__partials.push({
            state: message.dataset.state,
            text: message.querySelector(".text").textContent,
            logBusy: root.querySelector(".log").getAttribute("aria-busy"),
          });
      }).observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
      // what was on screen: the answer's text at each frame the browser painted while it streamed
      window.__painted = new Set();
      const frame = () => {
        const message = [...root.querySelectorAll(".msg-assistant")].at(-1);
        if (message?.dataset.state === "done") return;
        if (message?.dataset.state === "streaming") window.__painted.add(message.querySelector(".text").textContent);
        requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    });
    await widget("textarea").fill(QUESTION);
    await widget("textarea").press("Enter");
    const answer = widget('.msg-assistant[data-state="done"]');
    await answer.waitFor();
    finalAnswer = (await answer.locator(".text").textContent()).trim();
    const partials = await page.evaluate(() => window.__partials);
    const streamed = new Set(
      partials
        .filter((p) => p.state === "streaming" && p.text.trim() && p.text.trim() !== finalAnswer)
        .map((p) => p.text),
    );
    assert.ok(
      streamed.size >= 2,
      `saw ${streamed.size} partial texts before done: ${JSON.stringify(partials.map((p) => [p.state, p.text.length]))}`,
    );
    for (const text of streamed) assert.ok(finalAnswer.startsWith(text.trim()), `"${text}" is not a prefix`);
    // and the reader saw it grow word by word: frames showed it partly written at a quarter of its words or more
    // (at 30 tokens a second nearly every word; written at once, OFFLINE_TOKENS_PER_SECOND=0, in 3 or 4 pieces)
    const painted = (await page.evaluate(() => [...window.__painted])).filter(
      (text) => text.trim() && text.trim() !== finalAnswer,
    );
    const words = finalAnswer.split(/\s+/).length;
    assert.ok(
      painted.length >= words / 4,
      `${painted.length} partly written answers on screen (lengths ${painted.map((p) => p.length)})`,
    );
    for (const text of painted) assert.ok(finalAnswer.startsWith(text.trim()), `"${text}" is not a prefix`);
    // the log (a live region) stays busy while tokens arrive, so a screen reader reads the answer once
    const partial = partials.filter((p) => streamed.has(p.text));
    assert.ok(
      partial.every((p) => p.logBusy === "true"),
      `log not busy while streaming: ${JSON.stringify(partial)}`,
    );
    assert.equal(await widget(".log").getAttribute("aria-busy"), "false");
    assert.equal(await widget(".msg-user .text").last().textContent(), QUESTION);
    const chips = answer.locator(".chip");
    assert.ok((await chips.count()) >= 1);
    assert.match(await chips.first().getAttribute("title"), /^knowledge\/.+\.md$/);
    assert.equal(await answer.getAttribute("aria-busy"), "false");
    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: join(RESULTS, "widget.png") });
  });

  it("the host page's red serif CSS does not leak into the widget", async () => {
    const host = await page.evaluate(() => {
      const s = getComputedStyle(document.querySelector("h2"));
      return { font: s.fontFamily, color: s.color };
    });
    assert.match(host.font, /serif/);
    assert.equal(host.color, "rgb(255, 0, 0)");
    const inside = await shadowEval((root) =>
      [".msg-assistant .bubble", ".title", ".send", "textarea", ".launcher", ".chip"].map((selector) => {
        const s = getComputedStyle(root.querySelector(selector));
        return { selector, font: s.fontFamily, color: s.color, border: s.borderStyle, transform: s.textTransform };
      }),
    );
    for (const { selector, font, color, border, transform } of inside) {
      assert.match(font, /^system-ui,/, `${selector} font-family: ${font}`);
      assert.doesNotMatch(font, /Times/, selector);
      assert.notEqual(color, "rgb(255, 0, 0)", `${selector} is red`);
      assert.notEqual(border, "dashed", `${selector} border`);
      assert.equal(transform, "none", `${selector} text-transform`);
    }
  });

  it("after a reload the conversation is still there", async () => {
    await page.reload();
    await openWidget();
    const answer = widget('.msg-assistant[data-state="done"]');
    await answer.waitFor();
    assert.equal((await answer.locator(".text").textContent()).trim(), finalAnswer);
    assert.equal(await widget(".msg-user .text").first().textContent(), QUESTION);
    assert.ok((await answer.locator(".chip").count()) >= 1);
    assert.equal(
      await widget(".interp").getAttribute("open"),
      null,
      "the interpretation folds away once there is history",
    );
  });

  it("an interrupted answer resumes from the characters already shown", async () => {
    let cutAt = "";
    const messages = /\/v1\/coach\/sessions\/[^/]+\/messages$/;
    await page.route(messages, async (route) => {
      if (route.request().method() !== "POST") return route.fallback();
      // the answer completes on the server, but the page only gets the stream up to its fourth token
      const res = await route.fetch();
      const blocks = (await res.text()).split("\n\n");
      const tokens = blocks.flatMap((block, i) => (block.startsWith("event: token") ? [i] : []));
      const kept = blocks.slice(0, tokens[3] + 1);
      cutAt = tokens
        .slice(0, 4)
        .map((i) => JSON.parse(blocks[i].split("data: ")[1]).text)
        .join("");
      await route.fulfill({ status: 200, headers: res.headers(), body: `${kept.join("\n\n")}\n\n` });
    });
    const resumed = page.waitForRequest((req) => /\/messages\/\d+\/stream\?offset=\d+$/.test(req.url()));
    await widget("textarea").fill("What should I delegate first?");
    await widget("textarea").press("Enter");
    const offset = Number(new URL((await resumed).url()).searchParams.get("offset"));
    await page.unroute(messages);
    assert.equal(offset, cutAt.length);
    const answer = widget(".msg-assistant").nth(1);
    await widget('.msg-assistant[data-state="done"]').nth(1).waitFor();
    const shown = (await answer.locator(".text").textContent()).trim();
    const stored = await page.evaluate(async (base) => {
      const { token } = JSON.parse(localStorage.getItem("coach-demo.signin"));
      const headers = { Authorization: `Bearer ${token}` };
      const sessions = await (await fetch(`${base}/v1/coach/sessions`, { headers })).json();
      const list = await (
        await fetch(`${base}/v1/coach/sessions/${sessions.items[0].id}/messages`, { headers })
      ).json();
      return list.items.at(-1).content;
    }, base);
    assert.ok(stored.startsWith(cutAt));
    assert.equal(shown, stored.trim());
    assert.ok((await answer.locator(".chip").count()) >= 1);
  });

  it("Escape closes the panel and gives focus back to the button", async () => {
    await widget("textarea").focus();
    await page.keyboard.press("Escape");
    assert.equal(await widget(".panel").isVisible(), false);
    assert.equal(await widget(".launcher").getAttribute("aria-expanded"), "false");
    assert.equal(await shadowEval((root) => root.activeElement?.className), "launcher");
  });

  it("a 390 px wide screen gets the panel at full width", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await openWidget();
    await widget(".panel").evaluate((panel) => Promise.all(panel.getAnimations().map((a) => a.finished)));
    const box = await widget(".panel").boundingBox();
    assert.deepEqual([box.x, box.y, box.width, box.height].map(Math.round), [0, 0, 390, 844]);
    assert.equal(await widget(".launcher").isVisible(), false);
    await page.screenshot({ path: join(RESULTS, "widget-mobile.png") });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("a Korean user gets the Korean widget", async () => {
    await signIn(page, "demo-ko", "visionary");
    await widget(".subtitle", { hasText: "나의 유형: 비전형" }).waitFor();
    assert.equal(await widget("textarea").getAttribute("placeholder"), "코치에게 물어보세요…");
    assert.equal(await widget(".launcher").getAttribute("aria-label"), "코칭 채팅 열기");
    await widget('.interp-body[aria-busy="false"]').waitFor();
    assert.match(await widget(".interp .chip").first().getAttribute("title"), /visionary\.md$/);
    assert.equal(await widget(".msg").count(), 0, "another user starts with an empty conversation");
  });

  it("a refused token shows 'waiting for sign-in' and asks the page for a new one", async () => {
    await page.click("#signout");
    provoked.add("401 /v1/coach/interpretation");
    const asked = page.evaluate(
      () =>
        new Promise((resolve) =>
          addEventListener("message", (e) => e.data?.type === "edge-coach:auth-required" && resolve(true)),
        ),
    );
    await page.evaluate(() =>
      postMessage({ type: "edge-coach:token", token: "not-a-jwt", leadershipType: "commanding", locale: "en" }, "*"),
    );
    await widget('.notice[data-kind="waiting"]', { hasText: "Waiting for sign-in" }).waitFor();
    assert.equal(await asked, true);
    assert.equal(await widget("textarea").isDisabled(), true);
  });

  it("a rate-limited question says when to retry and keeps the question", async () => {
    await signIn(page, "demo-en", "commanding");
    await widget('.interp-body[aria-busy="false"]').waitFor();
    const messages = /\/v1\/coach\/sessions\/[^/]+\/messages$/;
    provoked.add(`429 /v1/coach/sessions`);
    await page.route(messages, (route) =>
      route.fulfill({
        status: 429,
        headers: { "Content-Type": "application/problem+json", "Retry-After": "7" },
        body: JSON.stringify({ type: "about:blank", title: "Too many requests", status: 429, detail: "slow down" }),
      }),
    );
    await widget("textarea").fill("Am I asking too often?");
    await widget("textarea").press("Enter");
    await widget('.notice[data-kind="warn"]', { hasText: "Try again in 7 s" }).waitFor();
    assert.equal(await widget("textarea").inputValue(), "Am I asking too often?");
    assert.equal(await widget(".send").isDisabled(), true);
    assert.equal(await widget(".msg").count(), 0, "the refused question is not shown as sent");
    await page.unrouteAll();
  });

  it("works on an allow-listed partner origin, across origins", async () => {
    const partner = await context.newPage();
    await partner.goto(`http://partner.test:${partnerPort}/`);
    await signIn(partner, "demo-en", "democratic");
    await openWidget(partner);
    await partner.locator('edge-coach-widget >> .interp-body[aria-busy="false"]').waitFor();
    await partner.locator("edge-coach-widget >> textarea").fill("How do I run a decision meeting?");
    await partner.locator("edge-coach-widget >> textarea").press("Enter");
    await partner.locator('edge-coach-widget >> .msg-assistant[data-state="done"] .chip').first().waitFor();
    await partner.close();
  });

  it("ignores a token handed over by a page whose origin is not allow-listed", async () => {
    const intruder = await context.newPage();
    await intruder.goto(`http://intruder.test:${partnerPort}/`);
    await signIn(intruder, "demo-en");
    // messages are delivered in order: once this one arrives, the token message was handled
    await intruder.evaluate(
      () =>
        new Promise((resolve) => {
          addEventListener("message", (e) => e.data === "flushed" && resolve());
          postMessage("flushed", "*");
        }),
    );
    await openWidget(intruder);
    assert.equal(await intruder.locator('edge-coach-widget >> .notice[data-kind="waiting"]').isVisible(), true);
    assert.equal(await intruder.locator("edge-coach-widget >> textarea").isDisabled(), true);
    await intruder.close();
  });

  it("the pages raised no script errors", () => {
    assert.deepEqual(pageErrors, []);
  });
});

async function indexKnowledge(base) {
  const post = (path, body, token) =>
    fetch(base + path, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
  const { token } = await (await post("/v1/auth/token", { userId: "widget-admin", role: "admin" })).json();
  const res = await post("/v1/admin/knowledge", { documents: knowledgeDocuments() }, token);
  if (!res.ok) throw new Error(`indexing knowledge: ${res.status} ${await res.text()}`);
}
