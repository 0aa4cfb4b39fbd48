#!/usr/bin/env node
// Measures the life-log classifier on a generated, labelled month: the rule baseline alone, then after
// 5, 20 and 50 corrections per user. Deterministic (seeded PRNG, no clock), so every run prints the same
// table and writes it into docs/LIFELOG-CLASSIFIER.md. Usage: npm run eval:classifier [-- --no-write]
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { format, resolveConfig } from "prettier";
import { monthOf, usersOf } from "./eval-classifier-data.mjs";
import { createRng } from "./train-classifier.mjs";

const ROOT = resolve(import.meta.dirname, "..");
const DOC = join(ROOT, "docs/LIFELOG-CLASSIFIER.md");
const SEED = 20_261_205;
const DAYS = 30;
const TRAIN_DAYS = 20; // corrections come from the first 20 days; the last 10 are held out
const STEPS = [5, 20, 50];
const PULSE = 5 * 60_000;

/** The TypeScript domain modules, bundled by esbuild (wrangler's own dependency) and imported. */
async function loadDomain() {
  const entry = ["classify", "learned", "merge", "days"]
    .map((m) => `export * from "./workers/domain/lifelog/${m}";`)
    .join("\n");
  const out = await build({
    stdin: { contents: entry, resolveDir: ROOT, loader: "ts" },
    bundle: true,
    write: false,
    format: "esm",
    platform: "neutral",
    logLevel: "error",
  });
  const dir = mkdtempSync(join(tmpdir(), "eval-classifier-"));
  try {
    const file = join(dir, "domain.mjs");
    writeFileSync(file, out.outputFiles[0].text);
    return await import(pathToFileURL(file).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Minutes where two block lists (sorted, non-overlapping) agree on the category, and the truth's minutes. */
function agreement(truth, predicted) {
  let right = 0;
  let total = 0;
  let j = 0;
  for (const t of truth) {
    total += t.end - t.start;
    while (j < predicted.length && predicted[j].end <= t.start) j++;
    for (let k = j; k < predicted.length && predicted[k].start < t.end; k++) {
      const p = predicted[k];
      if (p.category === t.category) right += Math.min(p.end, t.end) - Math.max(p.start, t.start);
    }
  }
  return { right, total };
}

function evaluateUser(domain, user, month) {
  const { classify, patternOf, LearnedLayer, mergeTimeline, eventIdOfEntry } = domain;
  const corrections = [];
  const corrected = new Set();
  let learned = null;
  const classified = (e) =>
    corrected.has(e.eventId)
      ? { category: e.truth, confidence: 1, classifiedBy: "correction" }
      : classify(e, user.tz, learned);
  const timeline = (day, truth) =>
    mergeTimeline(
      day.events.map((e) => {
        const c = classified(e);
        return { ...e, ...c, category: truth ? e.truth : c.category, place: e.metadata.place ?? null };
      }),
      day.window,
      PULSE,
    );

  /** Held-out days: share of timeline minutes and of events in the right category. */
  const score = () => {
    let minutes = { right: 0, total: 0 };
    let events = { right: 0, total: 0 };
    for (const day of month.slice(TRAIN_DAYS)) {
      const a = agreement(timeline(day, true), timeline(day, false));
      minutes = { right: minutes.right + a.right, total: minutes.total + a.total };
      for (const e of day.own)
        events = { right: events.right + (classified(e).category === e.truth), total: events.total + 1 };
    }
    return { minutes: minutes.right / minutes.total, events: events.right / events.total, made: corrections.length };
  };

  // the user reads their days in order and corrects the first wrong block they see, until none is left
  const results = [score()];
  const byId = new Map(month.flatMap((d) => d.events.map((e) => [e.eventId, e])));
  let step = 0;
  for (const day of month.slice(0, TRAIN_DAYS)) {
    for (;;) {
      if (corrections.length === STEPS[STEPS.length - 1]) break;
      const wrong = timeline(day, false).find((b) => {
        const lead = byId.get(eventIdOfEntry(b.id));
        return !corrected.has(lead.eventId) && b.category !== lead.truth;
      });
      if (!wrong) break;
      const lead = byId.get(eventIdOfEntry(wrong.id));
      corrected.add(lead.eventId);
      corrections.push({ pattern: patternOf(lead, user.tz), category: lead.truth, at: lead.start });
      learned = new LearnedLayer(corrections);
      while (step < STEPS.length && corrections.length === STEPS[step]) {
        results.push(score());
        step++;
      }
    }
  }
  // a user with fewer wrong blocks than a step stops correcting early: score what they taught
  while (results.length < STEPS.length + 1) results.push(score());
  return results;
}

const pct = (x) => `${(100 * x).toFixed(1)}%`;

function table(rows) {
  const columns = ["before", ...STEPS.map((s) => `after ${s}`)];
  const stat = (key, f) => columns.map((_, i) => f(rows.map((r) => r[i][key])));
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const min = (xs) => Math.min(...xs);
  const lines = [
    `| ${["", ...columns].join(" | ")} |`,
    `|${["---", ...columns.map(() => "---:")].join("|")}|`,
    `| timeline minutes right, mean | ${stat("minutes", mean).map(pct).join(" | ")} |`,
    `| timeline minutes right, worst user | ${stat("minutes", min).map(pct).join(" | ")} |`,
    `| events right, mean | ${stat("events", mean).map(pct).join(" | ")} |`,
    `| events right, worst user | ${stat("events", min).map(pct).join(" | ")} |`,
    `| corrections made, mean | ${stat("made", mean)
      .map((x) => x.toFixed(1))
      .join(" | ")} |`,
  ];
  return lines.join("\n");
}

async function main() {
  const domain = await loadDomain();
  const rng = createRng(SEED);
  const users = usersOf(rng);
  const rows = users.map((user) => evaluateUser(domain, user, monthOf(domain, user, rng, DAYS)));
  const events = users.reduce((n, u) => n + u.eventCount, 0);
  const result = table(rows);
  console.log(`${users.length} users, ${events} events, held-out days ${TRAIN_DAYS + 1}–${DAYS}\n`);
  console.log(result);
  if (process.argv.includes("--no-write")) return;
  const doc = readFileSync(DOC, "utf8");
  const block = `<!-- eval:start -->\n${users.length} users, ${events} events; held-out days ${TRAIN_DAYS + 1}–${DAYS}; seed ${SEED}.\n\n${result}\n<!-- eval:end -->`;
  const updated = doc.replace(/<!-- eval:start -->[\s\S]*<!-- eval:end -->/, block);
  // the repository's format check covers docs: write the table the way Prettier aligns it
  writeFileSync(DOC, await format(updated, { ...(await resolveConfig(DOC)), filepath: DOC }));
  console.log(`\nwritten to ${DOC}`);
}

await main();
