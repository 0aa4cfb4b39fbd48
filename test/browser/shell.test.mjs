// The shell every page shares (public/shared/shell.js), the /docs reference and the 404 page, in a real headless
// Chromium against its own `wrangler dev`.
// Run: node --test test/browser/shell.test.mjs   (REQUIRE_BROWSER=1 turns a missing browser into a failure)
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { root } from "../../scripts/lib/wrangler.mjs";
import {
  RESULTS,
  launchPersistentChromium,
  requireBrowser,
  skipWithoutBrowser,
  startDevServer,
  stopGroup,
} from "./harness.mjs";

const PAGES = [
  { path: "/", line: "dashboard" },
  { path: "/retros/", line: "retros" },
  { path: "/lifelog/", line: "lifelog" },
  { path: "/social/", line: "social" },
  { path: "/recs/", line: "recs" },
  { path: "/interview/", line: "interview" },
  { path: "/account/", line: "account" },
  { path: "/docs", line: "docs" },
  { path: "/coach-demo/", line: "coach" },
];
const NAVIGATION = [
  ["dashboard", "/"],
  ["retros", "/retros/"],
  ["lifelog", "/lifelog/"],
  ["social", "/social/"],
  ["coach", "/coach-demo/"],
  ["recs", "/recs/"],
  ["interview", "/interview/"],
  ["account", "/account/"],
  ["docs", "/docs"],
];

it("every key the shell and the pages without a test of their own name exists in both languages", async () => {
  const { dictionary } = await import("../../public/shared/i18n.js");
  const pub = join(root, "public");
  const files = [
    "404.html",
    "index.html",
    ...["shared", "dashboard", "docs", "coach-demo", "not-found"].flatMap((dir) =>
      readdirSync(join(pub, dir))
        .filter((f) => /\.(html|js)$/.test(f) && !/strings\.js$/.test(f))
        .map((f) => `${dir}/${f}`),
    ),
  ];
  const keys = new Set();
  for (const text of files.map((f) => readFileSync(join(pub, f), "utf8"))) {
    // a comment may show the attribute with a placeholder key
    for (const [, key] of text.matchAll(/data-i18n(?:-placeholder|-label)?="([^"]+)"/g))
      if (key !== "key") keys.add(key);
    const named =
      /["`]((?:app|lang|nav|title|auth|live|problem|field|notFound|docs|demo|profile|type|test)\.[\w.]+)["`]/g;
    for (const [, key] of text.matchAll(named)) keys.add(key);
  }
  assert.ok(keys.size > 80, `found only ${keys.size} keys`);
  for (const key of keys) {
    assert.ok(dictionary.en[key], `en is missing ${key}`);
    assert.ok(dictionary.ko[key], `ko is missing ${key}`);
  }
});

it("every headline and field message the problem mapping can pick exists in both languages", async () => {
  const { dictionary } = await import("../../public/shared/i18n.js");
  const source = readFileSync(join(root, "public/shared/problems.js"), "utf8");
  const keys = new Set([...source.matchAll(/"((?:problem|field)\.\w+)"/g)].map(([, key]) => key));
  assert.ok(keys.size > 20, `found only ${keys.size} keys`);
  for (const key of keys) {
    assert.ok(dictionary.en[key], `en is missing ${key}`);
    assert.ok(dictionary.ko[key], `ko is missing ${key}`);
  }
});

it("a problem is put in words by its type, status and codes, never by the server's own text", async () => {
  const { fieldMessageOf, headlineOf } = await import("../../public/shared/problems.js");
  const validation = { type: "https://edge-coach.dev/problems/validation", status: 400, title: "Invalid request" };
  assert.equal(headlineOf(validation).key, "problem.validation");
  assert.deepEqual(headlineOf({ type: "about:blank", status: 429, retryAfter: 7 }), {
    key: "problem.rateLimited",
    vars: { status: 429, seconds: 7 },
  });
  assert.equal(headlineOf({ type: "about:blank", status: 418, title: "I'm a teapot" }).key, "problem.unexpected");
  const field = (attrs) => ({ type: "text", value: "x", maxLength: -1, min: "", max: "", dataset: {}, ...attrs });
  assert.deepEqual(fieldMessageOf({ code: "too_big" }, field({ maxLength: 200 })), {
    key: "field.maxLength",
    vars: { max: "200" },
  });
  assert.deepEqual(fieldMessageOf({ code: "too_big" }, field({ dataset: { maxLength: "50000" } })), {
    key: "field.maxLength",
    vars: { max: "50,000" },
  });
  assert.deepEqual(fieldMessageOf({ code: "too_small" }, field({ type: "number", min: "0", value: "-5" })), {
    key: "field.min",
    vars: { min: "0" },
  });
  assert.equal(
    fieldMessageOf({ code: "too_small", message: "Too small: >=1" }, field({ value: " " })).key,
    "field.required",
  );
  assert.equal(fieldMessageOf({ code: "invalid_format" }, field({ name: "userId" })).key, "field.userId");
  assert.equal(fieldMessageOf({ code: "something_new", message: "raw" }, field()).key, "field.invalid");
});

requireBrowser();

describe("the page shell in headless Chromium", { skip: skipWithoutBrowser }, () => {
  const temp = mkdtempSync(join(tmpdir(), "edge-coach-shell-"));
  const userId = `shell-${Date.now().toString(36)}`;
  const pageErrors = [];
  // "status /path" of the failures the tests cause on purpose
  const provoked = new Set(["400 /v1/auth/token", "404 /no-such-page", "404 /v1/no-such-thing"]);
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
      watch(page);
    },
    { timeout: 180_000 },
  );

  after(async () => {
    await context?.close().catch(() => {});
    await stopGroup(devServer);
    rmSync(temp, { recursive: true, force: true, maxRetries: 3 });
  });

  function watch(target) {
    target.on("pageerror", (error) => pageErrors.push(error.message));
    target.on("response", (res) => {
      const where = `${res.status()} ${new URL(res.url()).pathname}`;
      if (res.status() >= 400 && !provoked.has(where)) pageErrors.push(where);
    });
    target.on("console", (message) => {
      if (message.type() === "error" && !message.text().startsWith("Failed to load resource"))
        pageErrors.push(message.text());
    });
  }

  /** The text of the shell (it renders in a shadow root, which page.textContent does not enter). */
  const shellText = () => page.locator("#shell").evaluate((host) => host.shadowRoot.textContent);

  it("every page has the same navigation, listing every product line and marking where the user is", async () => {
    for (const { path, line } of PAGES) {
      await page.goto(`${base}${path}`);
      const links = page.locator("#shell nav.lines a");
      await links.first().waitFor();
      const shown = await links.evaluateAll((all) =>
        all.map((a) => [a.closest("li").dataset.line, a.getAttribute("href"), a.getAttribute("aria-current")]),
      );
      assert.deepEqual(
        shown,
        NAVIGATION.map(([l, href]) => [l, href, l === line ? "page" : null]),
        `navigation on ${path}`,
      );
    }
  });

  it("every Edge Coach page has the same sign-in control, and a sign-in holds on every page", async () => {
    const own = PAGES.filter(({ line }) => line !== "coach");
    for (const { path } of own) {
      await page.goto(`${base}${path}`);
      await page.locator("#signin-form").waitFor();
      assert.equal((await page.textContent("#signin-form button[type=submit]")).trim(), "Sign in", path);
      assert.equal(await page.getAttribute("#userId", "placeholder"), "User id", path);
    }
    await page.goto(`${base}/`);
    await page.fill("#userId", userId);
    await page.click("#signin-form button[type=submit]");
    await page.locator("#who-user", { hasText: userId }).waitFor();
    for (const { path } of own) {
      await page.goto(`${base}${path}`);
      await page.locator("#who-user", { hasText: userId }).waitFor();
      assert.equal((await page.textContent("#sign-out")).trim(), "Sign out", path);
      assert.equal(await page.isVisible("#signin-form"), false, path);
    }
    // the coach demo is a partner's page: its sign-in is the partner's, and Edge Coach's control stays out
    await page.goto(`${base}/coach-demo/`);
    await page.locator("#shell nav.lines").waitFor();
    assert.equal(await page.locator("#shell #signin-form, #shell #sign-out").count(), 0);
  });

  it("signing out on one page signs out everywhere", async () => {
    await page.goto(`${base}/recs/`);
    await page.click("#sign-out");
    await page.locator("#signin-form").waitFor();
    await page.locator("#signed-out-note:visible").waitFor();
    await page.goto(`${base}/interview/`);
    await page.locator("#signin-form").waitFor();
    assert.equal(await page.isVisible("#who"), false);
  });

  it("the language switch translates the page and its title, and the choice is kept", async () => {
    await page.goto(`${base}/retros/`);
    assert.equal(await page.title(), "Edge Coach · Retrospectives");
    await page.click('button[data-set-lang="ko"]');
    assert.equal(await page.title(), "Edge Coach · 회고");
    assert.equal(await page.getAttribute("html", "lang"), "ko");
    assert.equal((await page.textContent('#shell nav.lines li[data-line="retros"] a')).trim(), "회고");
    assert.equal(await page.getAttribute('button[data-set-lang="ko"]', "aria-pressed"), "true");
    await page.goto(`${base}/interview/`);
    assert.equal(await page.title(), "Edge Coach · 면접 준비");
    await page.click('button[data-set-lang="en"]');
    assert.equal(await page.title(), "Edge Coach · Interview prep");
  });

  it("a problem+json field error is shown beside its field in the page's language, never the server's text", async () => {
    await page.goto(`${base}/`);
    await page.fill("#userId", "not valid");
    await page.click("#signin-form button[type=submit]");
    const error = page.locator('#signin-form [data-error-for="userId"]:visible');
    await error.waitFor();
    assert.equal((await error.textContent()).trim(), "Use letters, digits and . _ : @ - only (up to 128).");
    assert.equal(await page.getAttribute("#userId", "aria-invalid"), "true");
    assert.equal(await error.getAttribute("id"), await page.getAttribute("#userId", "aria-describedby"));
    await page.click('button[data-set-lang="ko"]');
    assert.equal((await error.textContent()).trim(), "글자, 숫자와 . _ : @ -만 쓸 수 있습니다(최대 128자).");
    // asked again in Korean, the answer is Korean from the start
    await page.fill("#userId", "");
    await page.click("#signin-form button[type=submit]");
    await page.locator('#signin-form [data-error-for="userId"]', { hasText: "필수 항목입니다." }).waitFor();
    const text = await shellText();
    assert.doesNotMatch(text, /may contain only|Too small|Invalid request|validation/i);
    await page.click('button[data-set-lang="en"]');
    assert.equal((await error.textContent()).trim(), "Required.");
  });

  it("an unknown page is the bilingual 404 page, while an unknown API path stays problem+json", async () => {
    const res = await page.goto(`${base}/no-such-page`);
    assert.equal(res.status(), 404);
    assert.match(res.headers()["content-type"], /text\/html/);
    await page.locator("h1", { hasText: "Page not found" }).waitFor();
    assert.match(await page.textContent("#not-found-body"), /\/no-such-page/);
    assert.equal(await page.title(), "Edge Coach · Page not found");
    await page.locator("#shell nav.lines a").first().waitFor();
    await page.click('button[data-set-lang="ko"]');
    await page.locator("h1", { hasText: "페이지를 찾을 수 없습니다" }).waitFor();
    assert.equal(await page.title(), "Edge Coach · 페이지를 찾을 수 없음");
    await page.click('button[data-set-lang="en"]');

    const api = await page.evaluate(async () => {
      const { token } = await (
        await fetch("/v1/auth/token", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ userId: "shell-404" }),
        })
      ).json();
      const res = await fetch("/v1/no-such-thing", { headers: { Authorization: `Bearer ${token}` } });
      return { status: res.status, type: res.headers.get("Content-Type"), body: await res.json() };
    });
    assert.equal(api.status, 404);
    assert.match(api.type, /^application\/problem\+json/);
    assert.equal(api.body.status, 404);
  });

  it("the old .html addresses lead to the pages' folders", async () => {
    for (const [old, now] of [
      ["/retros.html", "/retros/"],
      ["/recs.html", "/recs/"],
      ["/interview.html", "/interview/"],
      ["/coach-demo.html", "/coach-demo/"],
      ["/docs.html", "/docs"],
    ]) {
      const res = await page.goto(`${base}${old}`);
      assert.equal(res.status(), 200, old);
      assert.equal(new URL(page.url()).pathname, now, old);
    }
  });

  it("/docs renders every operation of /openapi.json with swagger-ui, signed in for Try it out", async () => {
    const doc = await (await fetch(`${base}/openapi.json`)).json();
    const operations = Object.values(doc.paths).flatMap((ops) =>
      Object.keys(ops).filter((m) => ["get", "put", "post", "delete", "patch", "head", "options"].includes(m)),
    );
    await page.goto(`${base}/docs`);
    await page.locator(".swagger-ui .opblock").first().waitFor();
    assert.equal(await page.locator(".swagger-ui .opblock").count(), operations.length);
    await page.locator("#docs-token", { hasText: "development token" }).waitFor();

    // an operation that needs a token answers 200: the page put one in for "Try it out"
    const me = page.locator(".opblock-get", { has: page.locator('.opblock-summary-path[data-path="/v1/me"]') });
    await me.locator(".opblock-summary").click();
    await me.locator(".try-out__btn").click();
    await me.locator(".execute").click();
    const status = me.locator(".live-responses-table .response .response-col_status").first();
    await status.waitFor();
    assert.equal((await status.textContent()).trim(), "200");
    assert.match(await me.locator(".live-responses-table .microlight").first().textContent(), /"userId"/);
    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: join(RESULTS, "docs.png"), fullPage: false });
  });

  it("the coach demo has the navigation, and it leads back to the dashboard", async () => {
    await page.goto(`${base}/coach-demo/`);
    const current = page.locator('#shell nav.lines a[aria-current="page"]');
    assert.equal((await current.textContent()).trim(), "Coaching chat");
    await page.click('#shell nav.lines li[data-line="dashboard"] a');
    await page.waitForURL(`${base}/`);
    await page.locator("#live-card").waitFor();
  });

  describe("on a 390 px wide screen", () => {
    let phone;

    before(async () => {
      phone = await context.newPage();
      await phone.setViewportSize({ width: 390, height: 844 });
      phone.setDefaultTimeout(15_000);
      watch(phone);
    });
    after(() => phone?.close());

    it("the navigation shows that it scrolls: a fading edge where more lines are", async () => {
      await phone.goto(`${base}/retros/`);
      const nav = phone.locator("#shell nav.lines");
      await phone.waitForFunction(() =>
        document.querySelector("#shell").shadowRoot.querySelector("nav.lines").hasAttribute("data-more-end"),
      );
      const state = () =>
        nav.evaluate((el) => {
          const list = el.querySelector("ul");
          return {
            scrolls: list.scrollWidth > list.clientWidth,
            start: el.dataset.moreStart,
            end: el.dataset.moreEnd,
          };
        });
      const initial = await state();
      assert.equal(initial.scrolls, true);
      assert.equal(initial.end, "true");
      // the fade eases in over 150 ms: wait for it to finish rather than read it mid-transition
      await phone.waitForFunction(() => {
        const nav = document.querySelector("#shell").shadowRoot.querySelector("nav.lines");
        return getComputedStyle(nav, "::after").opacity === "1";
      });
      await nav.evaluate((el) => el.querySelector("ul").scrollTo({ left: 10_000 }));
      await phone.waitForFunction(
        () => document.querySelector("#shell").shadowRoot.querySelector("nav.lines").dataset.moreEnd === "false",
      );
      const scrolled = await state();
      assert.equal(scrolled.start, "true");
      await phone.waitForFunction(() => {
        const nav = document.querySelector("#shell").shadowRoot.querySelector("nav.lines");
        return getComputedStyle(nav, "::after").opacity === "0" && getComputedStyle(nav, "::before").opacity === "1";
      });
    });

    it("the /docs header breaks no word, in English or in Korean", async () => {
      await phone.goto(`${base}/docs`);
      await phone.locator("#shell nav.lines a").first().waitFor();
      for (const lang of ["en", "ko"]) {
        await phone.click(`button[data-set-lang="${lang}"]`);
        const wrapped = await phone.locator("#shell").evaluate((host) => {
          const broken = [];
          const walker = document.createTreeWalker(host.shadowRoot, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (!node.textContent.trim() || !node.parentElement.checkVisibility()) continue;
            const range = document.createRange();
            range.selectNodeContents(node);
            // one line box per label: a label split across lines is a word (or a label) broken
            const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
            if (lines.size > 1) broken.push(node.textContent.trim());
          }
          const bar = host.shadowRoot.querySelector(".bar");
          return { broken, overflow: bar.scrollWidth > bar.clientWidth };
        });
        assert.deepEqual(wrapped, { broken: [], overflow: false }, lang);
      }
      mkdirSync(RESULTS, { recursive: true });
      await phone.screenshot({ path: join(RESULTS, "docs-390.png") });
      await phone.click('button[data-set-lang="en"]');
    });
  });

  it("the pages raised no script errors", () => {
    assert.deepEqual(pageErrors, []);
  });
});

describe("/docs on a production server in headless Chromium", { skip: skipWithoutBrowser }, () => {
  const temp = mkdtempSync(join(tmpdir(), "edge-coach-docs-prod-"));
  let devServer;
  let browser;
  let base;

  before(
    async () => {
      ({ process: devServer, base } = await startDevServer({
        persistTo: join(temp, "state"),
        args: [
          "--var",
          "ENVIRONMENT:production",
          "--var",
          `JWT_SECRET:${"a production secret, not the dev one".repeat(2)}`,
        ],
      }));
      browser = await launchPersistentChromium(join(temp, "profile"), { locale: "ko-KR" });
    },
    { timeout: 180_000 },
  );

  after(async () => {
    await browser?.close().catch(() => {});
    await stopGroup(devServer);
    rmSync(temp, { recursive: true, force: true, maxRetries: 3 });
  });

  it("with no token route, the reference still renders and asks for a pasted token, in Korean", async () => {
    const page = browser.pages()[0] ?? (await browser.newPage());
    page.setDefaultTimeout(15_000);
    await page.goto(`${base}/docs`);
    await page.locator(".swagger-ui .opblock").first().waitFor();
    await page.locator("#docs-token", { hasText: "Bearer 토큰을 붙여 넣으세요" }).waitFor();
    assert.equal(await page.title(), "Edge Coach · API 레퍼런스");
    assert.equal(await page.locator(".swagger-ui .btn.authorize").count(), 1);
  });
});
