#!/usr/bin/env node
// Trains the leadership-style classifier on synthetic respondents and writes
// workers/domain/leadership-weights.json. No dependencies and no clock or Math.random, so every run
// writes the same file. docs/CLASSIFIER.md explains the data model and its limits.
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const SEED = 20_240_611;
export const TYPES = ["visionary", "coaching", "affiliative", "democratic", "pacesetting", "commanding"];

/**
 * The scoring key: how strongly agreeing with each item says "this style". Must list the ids of
 * QUESTIONS in schemas/assessment.ts in the same order (a unit test checks it).
 */
export const ITEMS = [
  { id: "q01", loads: { visionary: 1 } },
  { id: "q02", loads: { coaching: 1 } },
  { id: "q03", loads: { affiliative: 1 } },
  { id: "q04", loads: { democratic: 1, commanding: -0.5 } },
  { id: "q05", loads: { pacesetting: 1 } },
  { id: "q06", loads: { commanding: 1, democratic: -0.5 } },
  { id: "q07", loads: { visionary: 1 } },
  { id: "q08", loads: { coaching: 1, pacesetting: -0.5 } },
  { id: "q09", loads: { affiliative: 1 } },
  { id: "q10", loads: { democratic: 1 } },
  { id: "q11", loads: { pacesetting: 1 } },
  { id: "q12", loads: { commanding: 1 } },
  { id: "q13", loads: { visionary: 1 } },
  { id: "q14", loads: { coaching: 1, visionary: 0.5 } },
  { id: "q15", loads: { affiliative: 1, democratic: 0.5 } },
  { id: "q16", loads: { democratic: 1, coaching: 0.5 } },
  { id: "q17", loads: { pacesetting: 1, commanding: 0.5 } },
  { id: "q18", loads: { commanding: 1, visionary: 0.5 } },
  { id: "q19", loads: { visionary: 1 } },
  { id: "q20", loads: { coaching: 1 } },
  { id: "q21", loads: { affiliative: 1, coaching: 0.5 } },
  { id: "q22", loads: { democratic: 1 } },
  { id: "q23", loads: { pacesetting: 1 } },
  { id: "q24", loads: { commanding: 1 } },
];

/** Assumed base rates, deliberately unequal so the majority baseline is not simply 1/6. */
export const PRIORS = [0.19, 0.17, 0.22, 0.18, 0.13, 0.11];

export const MODEL = {
  neutral: 2.7, // latent answer to an item that says nothing about the respondent's style
  spread: 1.6, // how far a full loading moves the latent answer
  intensity: [0.6, 1.3], // how strongly a respondent's style shows, uniform range
  acquiescence: 0.45, // sd of a respondent's tendency to agree with everything
  noise: 0.85, // sd of per-item noise
  mixedShare: 0.3, // respondents with a secondary style
  dominantWeight: [0.55, 0.8], // share of the dominant style in a mixed respondent
};

/** mulberry32: tiny, fast and identical on every platform; Box–Muller for normals. */
export function createRng(seed) {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  const pick = (weights) => {
    let r = uniform() * weights.reduce((s, w) => s + w, 0);
    for (let i = 0; i < weights.length; i++) if ((r -= weights[i]) < 0) return i;
    return weights.length - 1;
  };
  return { uniform, normal, pick };
}

const LOADINGS = ITEMS.map((item) => TYPES.map((t) => item.loads[t] ?? 0));
const between = (rng, [lo, hi]) => lo + (hi - lo) * rng.uniform();

/** One synthetic respondent: answers (1..5, in ITEMS order) and the index of the dominant style. */
export function sampleRespondent(rng) {
  const label = rng.pick(PRIORS);
  const style = TYPES.map((_, t) => (t === label ? 1 : 0));
  const mixed = rng.uniform() < MODEL.mixedShare;
  if (mixed) {
    const second = rng.pick(PRIORS.map((p, t) => (t === label ? 0 : p)));
    const w = between(rng, MODEL.dominantWeight);
    style[label] = w;
    style[second] = 1 - w;
  }
  const intensity = between(rng, MODEL.intensity);
  const bias = MODEL.acquiescence * rng.normal();
  const answers = LOADINGS.map((row) => {
    const signal = row.reduce((s, l, t) => s + l * style[t], 0);
    const latent = MODEL.neutral + bias + intensity * MODEL.spread * signal + MODEL.noise * rng.normal();
    return Math.min(5, Math.max(1, Math.round(latent)));
  });
  return { answers, label, mixed };
}

export function generateDataset(count, seed) {
  const rng = createRng(seed);
  const X = [];
  const y = [];
  const mixed = [];
  for (let i = 0; i < count; i++) {
    const respondent = sampleRespondent(rng);
    X.push(respondent.answers);
    y.push(respondent.label);
    mixed.push(respondent.mixed);
  }
  return { X, y, mixed };
}

function standardizer(X) {
  const d = X[0].length;
  const mean = Array.from({ length: d }, (_, j) => X.reduce((s, x) => s + x[j], 0) / X.length);
  const std = mean.map((m, j) => Math.sqrt(X.reduce((s, x) => s + (x[j] - m) ** 2, 0) / X.length) || 1);
  return { mean, std, apply: (x) => x.map((v, j) => (v - mean[j]) / std[j]) };
}

function softmax(z) {
  const max = Math.max(...z);
  const e = z.map((v) => Math.exp(v - max));
  const sum = e.reduce((s, v) => s + v, 0);
  return e.map((v) => v / sum);
}

function logits(model, x) {
  return model.weights.map((w, k) => {
    let z = model.bias[k];
    for (let j = 0; j < x.length; j++) z += w[j] * x[j];
    return z;
  });
}
const predict = (model, x) => softmax(logits(model, x));

/**
 * Full-batch gradient descent on mean cross-entropy + (l2 / 2)·‖W‖² (the bias is not penalised).
 * Features are standardized, so one fixed step size and iteration count converge for every l2 tried.
 */
function train(X, y, l2, { steps = 1_000, rate = 0.5 } = {}) {
  const K = TYPES.length;
  const d = X[0].length;
  const weights = Array.from({ length: K }, () => new Float64Array(d));
  const bias = new Float64Array(K);
  const gW = Array.from({ length: K }, () => new Float64Array(d));
  const gb = new Float64Array(K);
  const z = new Float64Array(K);
  for (let step = 0; step < steps; step++) {
    for (let k = 0; k < K; k++) {
      for (let j = 0; j < d; j++) gW[k][j] = l2 * weights[k][j];
      gb[k] = 0;
    }
    for (let i = 0; i < X.length; i++) {
      const x = X[i];
      let max = -Infinity;
      for (let k = 0; k < K; k++) {
        let s = bias[k];
        for (let j = 0; j < d; j++) s += weights[k][j] * x[j];
        z[k] = s;
        if (s > max) max = s;
      }
      let sum = 0;
      for (let k = 0; k < K; k++) sum += z[k] = Math.exp(z[k] - max);
      for (let k = 0; k < K; k++) {
        const err = (z[k] / sum - (y[i] === k ? 1 : 0)) / X.length;
        gb[k] += err;
        for (let j = 0; j < d; j++) gW[k][j] += err * x[j];
      }
    }
    for (let k = 0; k < K; k++) {
      bias[k] -= rate * gb[k];
      for (let j = 0; j < d; j++) weights[k][j] -= rate * gW[k][j];
    }
  }
  return { weights: weights.map((w) => Array.from(w)), bias: Array.from(bias) };
}

function evaluate(model, X, y) {
  const confusion = TYPES.map(() => new Array(TYPES.length).fill(0));
  let correct = 0;
  let loss = 0;
  for (let i = 0; i < X.length; i++) {
    const p = predict(model, X[i]);
    const guess = p.indexOf(Math.max(...p));
    confusion[y[i]][guess]++;
    if (guess === y[i]) correct++;
    loss -= Math.log(Math.max(p[y[i]], 1e-15));
  }
  return { accuracy: correct / X.length, logLoss: loss / X.length, confusion };
}

const round6 = (v) => {
  const r = Math.round(v * 1e6) / 1e6;
  return r === 0 ? 0 : r;
};

/** JSON laid out the way Prettier (printWidth 120) lays it out, so retraining leaves no format diff. */
function toPrettyJson(value, indent = "", prefix = "") {
  const inner = indent + "  ";
  if (Array.isArray(value) && value.every((v) => typeof v === "number")) {
    const flat = `[${value.join(", ")}]`;
    if (indent.length + prefix.length + flat.length + 1 <= 120) return flat;
    const lines = [];
    let line = "";
    for (const [i, v] of value.entries()) {
      const item = `${v}${i < value.length - 1 ? "," : ""}`;
      if (line && inner.length + line.length + 1 + item.length > 120) {
        lines.push(line);
        line = item;
      } else line = line ? `${line} ${item}` : item;
    }
    lines.push(line);
    return `[\n${lines.map((l) => inner + l).join("\n")}\n${indent}]`;
  }
  if (Array.isArray(value)) {
    const flat = `[${value.map((v) => JSON.stringify(v)).join(", ")}]`;
    if (value.every((v) => typeof v !== "object") && indent.length + prefix.length + flat.length + 1 <= 120) {
      return flat;
    }
    return `[\n${value.map((v) => inner + toPrettyJson(v, inner)).join(",\n")}\n${indent}]`;
  }
  if (value && typeof value === "object") {
    const entries = Object.entries(value).map(([k, v]) => {
      const key = `${JSON.stringify(k)}: `;
      return inner + key + toPrettyJson(v, inner, key);
    });
    return `{\n${entries.join(",\n")}\n${indent}}`;
  }
  return JSON.stringify(value);
}

function main() {
  const all = generateDataset(9_000, SEED);
  const slice = (from, to) => ({
    X: all.X.slice(from, to),
    y: all.y.slice(from, to),
    mixed: all.mixed.slice(from, to),
  });
  const trainSet = slice(0, 6_000);
  const validation = slice(6_000, 7_000);
  const test = slice(7_000, 9_000);
  const scale = standardizer(trainSet.X);
  const [Xtr, Xva, Xte] = [trainSet, validation, test].map((s) => s.X.map(scale.apply));

  console.log("L2 strength   validation accuracy   validation log loss");
  let best;
  for (const l2 of [0, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1]) {
    const model = train(Xtr, trainSet.y, l2);
    const { accuracy, logLoss } = evaluate(model, Xva, validation.y);
    console.log(`${String(l2).padEnd(14)}${accuracy.toFixed(4).padEnd(22)}${logLoss.toFixed(4)}`);
    if (!best || logLoss < best.logLoss) best = { l2, model, logLoss };
  }

  const counts = TYPES.map((_, k) => trainSet.y.filter((l) => l === k).length);
  const majority = counts.indexOf(Math.max(...counts));
  const majorityBaseline = test.y.filter((l) => l === majority).length / test.y.length;
  const result = evaluate(best.model, Xte, test.y);

  console.log(`\nchosen L2 ${best.l2} (lowest validation log loss); trained on ${trainSet.X.length}`);
  console.log(`held-out accuracy  ${result.accuracy.toFixed(4)}  (n = ${test.X.length})`);
  console.log(`majority baseline  ${majorityBaseline.toFixed(4)}  (always "${TYPES[majority]}")`);
  for (const mixed of [false, true]) {
    const idx = test.mixed.flatMap((m, i) => (m === mixed ? [i] : []));
    const part = evaluate(
      best.model,
      idx.map((i) => Xte[i]),
      idx.map((i) => test.y[i]),
    );
    console.log(
      `  ${mixed ? "mixed-style" : "single-style"} respondents  ${part.accuracy.toFixed(4)}  (n = ${idx.length})`,
    );
  }
  console.log(`held-out log loss  ${result.logLoss.toFixed(4)}  (uniform guess: ${Math.log(6).toFixed(4)})`);
  console.log("\nconfusion matrix (rows: true, columns: predicted)");
  const short = TYPES.map((t) => t.slice(0, 6));
  console.log(["".padEnd(12), ...short.map((s) => s.padStart(7))].join(""));
  result.confusion.forEach((row, k) =>
    console.log([TYPES[k].padEnd(12), ...row.map((n) => String(n).padStart(7))].join("")),
  );

  const weights = {
    version: 1,
    types: TYPES,
    questionIds: ITEMS.map((item) => item.id),
    mean: scale.mean.map(round6),
    std: scale.std.map(round6),
    weights: best.model.weights.map((w) => w.map(round6)),
    bias: best.model.bias.map(round6),
    metrics: {
      heldOutAccuracy: round6(result.accuracy),
      majorityBaseline: round6(majorityBaseline),
      logLoss: round6(result.logLoss),
      l2: best.l2,
      trainedOn: trainSet.X.length,
      seed: SEED,
    },
  };
  const out = resolve(import.meta.dirname, "../workers/domain/leadership-weights.json");
  writeFileSync(out, toPrettyJson(weights) + "\n");
  console.log(`\nwrote ${out}`);
}

// Only train when run directly: the unit test imports the generator from this file.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
