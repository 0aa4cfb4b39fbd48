#!/usr/bin/env node
// Simulated shoppers against a running Edge Coach: each has a hidden taste of 1–2 categories and
// browses the way people do (views, fewer clicks, carts and purchases, searches, the odd dismissal),
// partly by picking from its own recommendations. At the end it checks how well the recommendations
// learned the hidden tastes: hit rate@10 against what random recommendations would score.
import { parseArgs } from "node:util";
import { CATEGORIES, rng } from "./seed/catalogue.mjs";

const USAGE = "usage: node scripts/simulate.mjs --users N --events M --rate R [--url http://127.0.0.1:8787] [--seed S]";
const TASTE_SHARE = 0.8; // of item choices, the rest wander off-taste
const FROM_RECS = 0.5; // of on-taste choices, taken from what the user is being shown
const MAX_ATTEMPTS = 4;
// the server never recommends what a user bought or touched among their last RECENT_ITEMS_LIMIT items (default 50)
const RECENT_ITEMS = 50;

const fail = (message, code = 2) => {
  process.stderr.write(`${message}\n`);
  process.exit(code);
};
let args;
try {
  args = parseArgs({
    options: {
      users: { type: "string", default: "10" },
      events: { type: "string", default: "1000" },
      rate: { type: "string", default: "50" },
      url: { type: "string", default: "http://127.0.0.1:8787" },
      seed: { type: "string", default: Date.now().toString(36) },
      help: { type: "boolean", short: "h" },
    },
  }).values;
} catch (error) {
  fail(`${error.message}\n${USAGE}`);
}
if (args.help) fail(USAGE, 0);
const [users, total, rate] = [Number(args.users), Number(args.events), Number(args.rate)];
if (!Number.isInteger(users) || users < 1) fail(`--users must be a whole number ≥ 1\n${USAGE}`);
if (!Number.isInteger(total) || total < 1) fail(`--events must be a whole number ≥ 1\n${USAGE}`);
if (!(rate > 0)) fail(`--rate must be a positive number of events per second\n${USAGE}`);
if (!/^[A-Za-z0-9_.-]{1,40}$/.test(args.seed)) fail("--seed may use letters, digits, _ . - (at most 40)");
const base = args.url.replace(/\/+$/, "");
const random = rng([...args.seed].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619), 2166136261));
const pick = (list) => list[Math.floor(random() * list.length)];
const chance = (p) => random() < p;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const COUNTERS = ["sent", "accepted", "duplicates", "rejected", "requests", "retries", "throttled", "errors"];
const stats = Object.fromEntries([...COUNTERS, "onTaste", "onItems"].map((k) => [k, 0]));
const byType = {};
const latencies = [];
const errorSamples = [];

/** JSON over fetch; 429 waits for Retry-After, 5xx and network errors back off; the body (and its trace ids) is resent as is. */
async function call(path, { token, body, timed = false } = {}) {
  for (let attempt = 1; ; attempt++) {
    const started = performance.now();
    let status = 0;
    let text = "";
    let retryAfter = 0;
    try {
      const res = await fetch(base + path, {
        method: body ? "POST" : "GET",
        headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      [status, text] = [res.status, await res.text()];
      retryAfter = Number(res.headers.get("Retry-After")) || 0;
      if (res.ok) {
        if (timed) latencies.push(performance.now() - started);
        return text ? JSON.parse(text) : null;
      }
    } catch (error) {
      text = error.cause?.code ?? error.cause?.errors?.[0]?.code ?? error.cause?.message ?? error.message;
    }
    const transient = status === 0 || status === 429 || status >= 500;
    if (!transient || attempt >= MAX_ATTEMPTS) {
      const detail = safeJson(text)?.detail ?? text.slice(0, 200);
      throw new Error(`${body ? "POST" : "GET"} ${path} → ${status || "network error"}: ${detail}`);
    }
    stats.retries++;
    if (status === 429) stats.throttled++;
    await sleep(status === 429 ? retryAfter * 1000 || 1000 : 200 * 2 ** attempt);
  }
}
const safeJson = (text) => {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
};

async function loadCatalogue(token) {
  const items = [];
  let cursor = null;
  do {
    const page = await call(`/v1/items?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { token });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/** The words a shopper of this category types: the seed vocabulary, else words from its titles. */
function wordsOf(category, items) {
  const known = CATEGORIES[category]?.words.split(" ");
  if (known) return known;
  return [...new Set(items.filter((i) => i.category === category).flatMap((i) => i.title.split(/\s+/)))].filter(
    (w) => !/^\d+$/.test(w),
  );
}

/** Paces the whole run at `rate` events/s: each burst waits until its first event is due. */
function pacer() {
  const start = performance.now();
  let reserved = 0;
  return async (n) => {
    const due = start + (reserved / rate) * 1000;
    reserved += n;
    if (due > performance.now()) await sleep(due - performance.now());
  };
}

function planBurst(user, { byId, items, byCategory, categories }) {
  const events = [];
  const add = (type, item) => {
    user.touched.delete(item.id);
    user.touched.set(item.id, item);
    if (type === "purchase") user.bought.add(item.id);
    events.push({ traceId: crypto.randomUUID(), type, itemId: item.id });
    stats.onItems++;
    if (user.taste.includes(item.category)) stats.onTaste++;
  };
  const offTaste = categories.filter((c) => !user.taste.includes(c));
  const choose = () => {
    const wanted = chance(TASTE_SHARE) || offTaste.length === 0;
    const pool = user.shown.filter((r) => user.taste.includes(r.category) === wanted);
    if (pool.length && (!wanted || chance(FROM_RECS))) return byId.get(pick(pool).itemId) ?? pick(items);
    return pick(byCategory.get(pick(wanted ? user.taste : offTaste)));
  };
  if (chance(0.08)) {
    const category = chance(TASTE_SHARE) ? pick(user.taste) : pick(categories);
    const words = user.words.get(category);
    const query = [pick(words), ...(chance(0.5) ? [pick(words)] : [])].join(" ");
    events.push({ traceId: crypto.randomUUID(), type: "search", query });
    add("view", pick(byCategory.get(category)));
  }
  if (chance(0.06) && offTaste.length) {
    const shownOff = user.shown.filter((r) => !user.taste.includes(r.category));
    const shown = shownOff.length ? byId.get(pick(shownOff).itemId) : undefined;
    add("dismiss", shown ?? pick(byCategory.get(pick(offTaste))));
  }
  for (let n = 1 + Math.floor(random() * 3); n > 0; n--) {
    const item = choose();
    add("view", item);
    if (!chance(0.45)) continue;
    add("click", item);
    if (!chance(0.25)) continue;
    add("add_to_cart", item);
    if (chance(0.35)) add("purchase", item);
  }
  return events;
}

/** One progress line on stderr, redrawn in place on a terminal and printed every few seconds otherwise. */
function progress(started) {
  const tty = process.stderr.isTTY;
  let lastPlain = 0;
  const draw = (final = false) => {
    const elapsed = (performance.now() - started) / 1000;
    const done = stats.sent / total;
    const width = 28;
    const filled = Math.round(done * width);
    const bar = tty
      ? `\x1b[32m${"█".repeat(filled)}\x1b[2m${"░".repeat(width - filled)}\x1b[0m`
      : `${"#".repeat(filled)}${".".repeat(width - filled)}`;
    const errors = stats.errors
      ? tty
        ? `\x1b[31m${stats.errors} errors\x1b[0m`
        : `${stats.errors} errors`
      : "0 errors";
    const line = `[${bar}] ${String(Math.round(done * 100)).padStart(3)}%  ${stats.sent}/${total} events  ${(stats.sent / Math.max(elapsed, 0.001)).toFixed(1)} ev/s  ${errors}  ${elapsed.toFixed(1)} s`;
    if (tty) process.stderr.write(`\r\x1b[2K${line}${final ? "\n" : ""}`);
    else if (final || elapsed - lastPlain >= 2) {
      lastPlain = elapsed;
      process.stderr.write(`${line}\n`);
    }
  };
  if (tty) process.stderr.write("\x1b[?25l");
  const timer = setInterval(draw, tty ? 100 : 500);
  const restore = () => tty && process.stderr.write("\x1b[?25h");
  process.once("SIGINT", () => {
    restore();
    process.stderr.write("\ninterrupted\n");
    process.exit(130);
  });
  return () => {
    clearInterval(timer);
    draw(true);
    restore();
  };
}

const percentile = (sorted, p) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN;

async function main() {
  // shoppers sign in with development tokens, which a production server (the deployed default) never issues
  const probe = await call("/v1/auth/token", { body: { userId: `sim-${args.seed}-0` } }).catch((error) =>
    fail(
      / → (404|503):/.test(error.message)
        ? `${base} issues no development tokens (${error.message}); simulate against npm run dev (ENVIRONMENT=development)`
        : `cannot reach Edge Coach at ${base} (${error.message}); start it with npm run dev`,
      1,
    ),
  );
  const items = await loadCatalogue(probe.token);
  if (items.length === 0) fail(`the catalogue at ${base} is empty: seed it first (npm run dev seeds 200 items)`, 1);
  const byCategory = new Map();
  for (const item of items) byCategory.set(item.category, [...(byCategory.get(item.category) ?? []), item]);
  const categories = [...byCategory.keys()].sort();
  const catalogue = { byId: new Map(items.map((i) => [i.id, i])), items, byCategory, categories };

  const shoppers = await Promise.all(
    Array.from({ length: users }, async (_, i) => {
      const userId = `sim-${args.seed}-${i}`;
      const { token } = i === 0 ? probe : await call("/v1/auth/token", { body: { userId } });
      const first = pick(categories);
      const taste =
        chance(0.5) && categories.length > 1 ? [first, pick(categories.filter((c) => c !== first))] : [first];
      const words = new Map(categories.map((c) => [c, wordsOf(c, items)]));
      return { userId, token, taste, words, shown: [], touched: new Map(), bought: new Set() };
    }),
  );

  const take = pacer();
  let remaining = total;
  const started = performance.now();
  const finish = progress(started);
  await Promise.all(
    shoppers.map(async (user) => {
      while (remaining > 0) {
        // a visit starts from the recommendations page now and then, not before every burst
        if (user.shown.length === 0 || chance(0.35)) {
          user.shown = (
            await call("/v1/recommendations?limit=10", { token: user.token }).catch(() => ({ items: [] }))
          ).items;
        }
        const events = planBurst(user, catalogue).slice(0, remaining);
        if (events.length === 0) break; // others used up the budget while we read recommendations
        remaining -= events.length;
        await take(events.length);
        try {
          const body = events.length === 1 ? events[0] : { events };
          const result = await call("/v1/events", { token: user.token, body, timed: true });
          stats.accepted += result.accepted;
          stats.duplicates += result.duplicates;
          stats.rejected += result.rejected.length;
          for (const r of result.rejected)
            if (errorSamples.length < 5) errorSamples.push(`rejected ${r.traceId}: ${r.reason}`);
        } catch (error) {
          stats.errors++;
          if (errorSamples.length < 5) errorSamples.push(error.message);
        }
        stats.requests++;
        stats.sent += events.length;
        for (const e of events) byType[e.type] = (byType[e.type] ?? 0) + 1;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  finish();

  const finals = await Promise.all(
    shoppers.map((u) =>
      call("/v1/recommendations?limit=10", { token: u.token }).catch((error) => {
        stats.errors++;
        errorSamples.push(error.message);
        return { items: [], strategy: "unavailable" };
      }),
    ),
  );
  const hits = finals.map((r, i) =>
    r.items.length ? r.items.filter((x) => shoppers[i].taste.includes(x.category)).length / r.items.length : 0,
  );
  const baselines = shoppers.map((u) => u.taste.length / categories.length);
  // touching most of a small category leaves too few of its items to fill ten slots with
  const ceilings = shoppers.map((u) => {
    const excluded = new Set([...[...u.touched.keys()].slice(-RECENT_ITEMS), ...u.bought]);
    const left = u.taste.flatMap((c) => byCategory.get(c)).filter((i) => !excluded.has(i.id)).length;
    return Math.min(10, left) / 10;
  });
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const strategies = {};
  for (const r of finals) strategies[r.strategy] = (strategies[r.strategy] ?? 0) + 1;
  const sorted = [...latencies].sort((a, b) => a - b);
  const pct = (x) => `${(x * 100).toFixed(1)} %`;

  const lines = [
    `Edge Coach traffic simulation · ${base} · seed ${args.seed}`,
    `  users            ${users} (hidden taste: 1–2 of ${categories.length} categories, ${items.length} items)`,
    `  events sent      ${stats.sent} in ${stats.requests} requests (${(stats.sent / stats.requests).toFixed(1)} per request) over ${elapsed.toFixed(1)} s`,
    `  achieved rate    ${(stats.sent / elapsed).toFixed(1)} events/s (target ${rate})`,
    `  accepted         ${stats.accepted} · duplicates ${stats.duplicates} · rejected ${stats.rejected}`,
    `  by type          ${Object.entries(byType)
      .sort((a, b) => b[1] - a[1])
      .map(([t, n]) => `${t} ${n}`)
      .join(" · ")}`,
    `  on-taste share   ${pct(stats.onTaste / Math.max(1, stats.onItems))} of item events`,
    `  POST /v1/events  p50 ${percentile(sorted, 50).toFixed(1)} ms · p99 ${percentile(sorted, 99).toFixed(1)} ms (${sorted.length} responses, ${stats.retries} retries of which ${stats.throttled} after 429, ${stats.errors} errors)`,
    `  hit rate@10      ${pct(mean(hits))} (mean over ${users} users) vs ${pct(mean(baselines))} for random recommendations (${(mean(hits) / mean(baselines)).toFixed(1)}×)`,
    `  reachable        ${pct(mean(ceilings))} at most: recently touched and bought items are never recommended again`,
    `  strategies       ${Object.entries(strategies)
      .map(([s, n]) => `${s} ${n}`)
      .join(" · ")}`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  if (stats.throttled) {
    process.stderr.write(
      `${stats.throttled} responses were 429 (rate limited; the per-IP limit is meant for people, not one load generator):\n` +
        "  for load tests start the server with  npm run dev -- --var RATE_LIMIT_ENABLED:false\n",
    );
  }
  if (errorSamples.length) process.stderr.write(`first problems:\n  ${errorSamples.join("\n  ")}\n`);
  process.exitCode = stats.errors > 0 || stats.rejected > 0 ? 1 : 0;
}

await main();
