import { describe, expect, it } from "vitest";
import {
  RandomWords,
  clamp,
  clipWhole,
  discreteLaplace,
  laplaceOnGrid,
  laplaceScale,
  uniformInt,
  type RandomSource,
} from "../../workers/domain/laplace";

const DRAWS = 20_000;

/** The discrete Laplace of scale b: P(z) = (1-q)/(1+q)·q^|z| with q = exp(-1/b). */
const q = (b: number) => Math.exp(-1 / b);
const exactVariance = (b: number) => (2 * q(b)) / (1 - q(b)) ** 2;
const exactCdf = (b: number, k: number) => (k < 0 ? q(b) ** -k / (1 + q(b)) : 1 - q(b) ** (k + 1) / (1 + q(b)));

const draws = (n: number, draw: () => number) => Array.from({ length: n }, draw);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const variance = (xs: number[]) => {
  const m = mean(xs);
  return xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1);
};

/** Kolmogorov–Smirnov distance between the sample and the discrete Laplace of scale b. */
function ksDistance(xs: number[], b: number): number {
  const sorted = [...xs].sort((x, y) => x - y);
  let worst = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (sorted[i + 1] === sorted[i]) continue; // the empirical CDF only steps after the last tie
    worst = Math.max(worst, Math.abs((i + 1) / sorted.length - exactCdf(b, sorted[i]!)));
  }
  return worst;
}

/** A random source that hands out the given words, then fails: a test sees every word used. */
function scripted(words: number[]): RandomSource {
  let next = 0;
  return (block) => {
    for (let i = 0; i < block.length; i++) block[i] = next < words.length ? words[next++]! : 0;
    return block;
  };
}

describe("the discrete Laplace mechanism", () => {
  // Δ = 1, ε = 1/10: scale b = 10, variance ≈ 2b² = 200
  const epsilon = { num: 1, den: 10 };
  const b = 10;
  const sample = discreteLaplace();
  const xs = draws(DRAWS, () => sample(laplaceScale(1, epsilon)));

  it("has the variance 2(Δ/ε)² of its ε, within 10%, and not that of ε off by a factor of two", () => {
    const ratio = (scale: number) => variance(xs) / exactVariance(scale);
    expect(Math.abs(ratio(b) - 1)).toBeLessThan(0.1);
    expect(Math.abs(ratio(b / 2) - 1)).toBeGreaterThan(0.1);
    expect(Math.abs(ratio(b * 2) - 1)).toBeGreaterThan(0.1);
  });

  it("is centred on zero", () => {
    // the mean's standard error is sqrt(200 / 20,000) = 0.1
    expect(Math.abs(mean(xs))).toBeLessThan(0.5);
  });

  it("passes a Kolmogorov–Smirnov test against its exact distribution and fails against ε doubled or halved", () => {
    // 1.95/√n is the KS critical value at α = 0.001
    const critical = 1.95 / Math.sqrt(DRAWS);
    expect(ksDistance(xs, b)).toBeLessThan(critical);
    expect(ksDistance(xs, b / 2)).toBeGreaterThan(critical);
    expect(ksDistance(xs, b * 2)).toBeGreaterThan(critical);
  });

  it("returns whole numbers, zero as often as (1-q)/(1+q) says", () => {
    expect(xs.every(Number.isInteger)).toBe(true);
    const zeros = xs.filter((x) => x === 0).length / DRAWS;
    const p0 = (1 - q(b)) / (1 + q(b));
    expect(Math.abs(zeros - p0)).toBeLessThan(5 * Math.sqrt((p0 * (1 - p0)) / DRAWS));
  });

  it("takes a fractional scale: Δ = 1440 at ε = 3/5 has scale 2400", () => {
    expect(laplaceScale(1440, { num: 3, den: 5 })).toEqual({ num: 7200, den: 3 });
    const wide = draws(4_000, () => sample({ num: 7200, den: 3 }));
    expect(Math.abs(variance(wide) / exactVariance(2400) - 1)).toBeLessThan(0.25);
  });

  it("draws only from the source it is given: the same words give the same noise", () => {
    const seeded = (seed: number): RandomSource => {
      let x = seed;
      return (block) => {
        for (let i = 0; i < block.length; i++) {
          x ^= x << 13;
          x ^= x >>> 17;
          x ^= x << 5;
          block[i] = x >>> 0;
        }
        return block;
      };
    };
    const run = (seed: number) => {
      const sample = discreteLaplace(seeded(seed));
      return draws(200, () => sample({ num: 5, den: 1 }));
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });

  it("refuses a scale that is not a ratio of positive integers", () => {
    expect(() => sample({ num: 1.5, den: 1 })).toThrow(RangeError);
    expect(() => sample({ num: 0, den: 1 })).toThrow(RangeError);
  });
});

describe("uniform integers", () => {
  it("throws away the draws that would favour small residues instead of taking them modulo n", () => {
    // 2^32 = 3·1431655765 + 1: the top word 2^32-1 would make residue 0 likelier, so it is rejected
    expect(uniformInt(new RandomWords(scripted([0xffffffff, 4])), 3)).toBe(1);
    expect(uniformInt(new RandomWords(scripted([0xfffffffe])), 3)).toBe(0xfffffffe % 3);
  });

  it("is uniform where a plain modulo would give a third of the values twice the weight", () => {
    // n = 3·2^30: a plain `u % n` lands below 2^30 half the time instead of a third
    const words = new RandomWords(crypto.getRandomValues.bind(crypto));
    const low = draws(DRAWS, () => uniformInt(words, 3 * 2 ** 30)).filter((u) => u < 2 ** 30).length / DRAWS;
    expect(Math.abs(low - 1 / 3)).toBeLessThan(0.02);
  });

  it("covers ranges wider than one word", () => {
    const words = new RandomWords(crypto.getRandomValues.bind(crypto));
    const big = draws(1_000, () => uniformInt(words, 2 ** 40));
    expect(big.some((u) => u >= 2 ** 32)).toBe(true);
    expect(big.every((u) => Number.isInteger(u) && u >= 0 && u < 2 ** 40)).toBe(true);
  });
});

describe("the grid", () => {
  it("puts every released value on a multiple of the granularity", () => {
    const sample = discreteLaplace();
    const query = { sensitivity: 1, epsilon: { num: 1, den: 1 }, granularity: 0.25 };
    const out = draws(2_000, () => laplaceOnGrid(3.1, query, sample));
    expect(out.every((x) => Number.isInteger(x / 0.25))).toBe(true);
    expect(new Set(out).size).toBeGreaterThan(5);
  });

  it("refuses a sensitivity that is not a whole number of grid steps", () => {
    const query = { sensitivity: 1, epsilon: { num: 1, den: 1 }, granularity: 0.3 };
    expect(() => laplaceOnGrid(1, query, () => 0)).toThrow(RangeError);
  });
});

describe("clipping", () => {
  it("clamps to the bounds and treats NaN as the lower bound", () => {
    expect([clamp(-3, 0, 10), clamp(12, 0, 10), clamp(4, 0, 10), clamp(NaN, 0, 10)]).toEqual([0, 10, 4, 0]);
  });

  it("scales parts whose sum is over the bound down together, as whole numbers summing to the bound", () => {
    const out = clipWhole([1000, 1000, 880], 1440);
    expect(out).toEqual([500, 500, 440]);
    const odd = clipWhole([333.4, 333.4, 333.4, 1000], 1000);
    expect(odd.reduce((a, x) => a + x, 0)).toBeLessThanOrEqual(1000);
    expect(odd.every(Number.isInteger)).toBe(true);
  });

  it("leaves parts within the bound as their rounded values", () => {
    expect(clipWhole([10.4, 20.6, -5], 1440)).toEqual([10, 21, 0]);
  });
});
