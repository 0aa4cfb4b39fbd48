/**
 * Laplace noise for differential privacy that cannot leak through floating-point gaps.
 *
 * Naive inverse-transform sampling (`-b·sign(u)·ln(1-2|u|)` on a double `u`) produces a set of
 * reachable doubles that depends on the true value, so an observer can tell neighbouring databases
 * apart from the low bits of the output (Mironov, "On significance of the least significant bits
 * for differential privacy", CCS 2012). We avoid floating point altogether: every released quantity
 * is an integer on a fixed grid and its noise is a discrete Laplace (two-sided geometric) variable
 * drawn exactly with Canonne, Kamath and Steinke's sampler ("The Discrete Gaussian for Differential
 * Privacy", NeurIPS 2020, algorithms 1 and 2), which only compares uniform integers. We chose it
 * over the snapping mechanism because it needs no exact-rounding logarithm and its guarantee is
 * pure ε-DP for integer-valued queries with no extra δ or clamping slack.
 */

/** Fills the array with uniformly random words, like `crypto.getRandomValues`. */
export type RandomSource = (words: Uint32Array) => Uint32Array;
export const cryptoRandom: RandomSource = (words) => crypto.getRandomValues(words);

/** A positive rational `num/den` (an ε or a scale), kept exact because the sampler compares integers. */
export type Rational = { num: number; den: number };

/** Draws an integer from the discrete Laplace distribution with scale `num/den`: P(z) ∝ exp(-|z|·den/num). */
export type LaplaceSampler = (scale: Rational) => number;

/** How the response names this sampler (InsightSchema's `privacy.sampler`). */
export const SAMPLER = "discrete-laplace-cks2020";

const TWO_32 = 2 ** 32;
const TWO_53 = 2 ** 53;

/** Random words read from the source in blocks, so a draw costs no crypto call of its own. */
export class RandomWords {
  private readonly block = new Uint32Array(64);
  private used = this.block.length;
  constructor(private readonly random: RandomSource) {}

  next(): number {
    if (this.used === this.block.length) {
      this.random(this.block);
      this.used = 0;
    }
    return this.block[this.used++]!;
  }
}

/**
 * A uniform integer in [0, n) by rejection: draws at or above the largest multiple of n that fits
 * are thrown away, so `% n` favours no residue (a plain modulo would, unless n divides 2^32).
 */
export function uniformInt(words: RandomWords, n: number): number {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`uniformInt needs a positive integer, got ${n}`);
  const span = n <= TWO_32 ? TWO_32 : TWO_53;
  const limit = span - (span % n);
  for (;;) {
    const u = span === TWO_32 ? words.next() : (words.next() & 0x1fffff) * TWO_32 + words.next();
    if (u < limit) return u % n;
  }
}

const bernoulli = (words: RandomWords, num: number, den: number) => uniformInt(words, den) < num;

/** Bernoulli(exp(-num/den)), exactly (CKS algorithm 1). */
function bernoulliExp(words: RandomWords, num: number, den: number): boolean {
  // exp(-γ) = exp(-1)^⌊γ⌋ · exp(-(γ-⌊γ⌋)): one exp(-1) trial per whole unit
  while (num > den) {
    if (!bernoulliExpAtMostOne(words, 1, 1)) return false;
    num -= den;
  }
  return bernoulliExpAtMostOne(words, num, den);
}

/** For 0 ≤ γ ≤ 1: the first K with a failed Bernoulli(γ/K) trial is odd with probability exp(-γ). */
function bernoulliExpAtMostOne(words: RandomWords, num: number, den: number): boolean {
  let k = 1;
  while (bernoulli(words, num, den * k)) k++;
  return k % 2 === 1;
}

/** Discrete Laplace with scale t/s (CKS algorithm 2): a geometric magnitude and a fair sign. */
function sampleDiscreteLaplace(words: RandomWords, t: number, s: number): number {
  for (;;) {
    const u = uniformInt(words, t);
    if (!bernoulliExp(words, u, t)) continue;
    let v = 0;
    while (bernoulliExp(words, 1, 1)) v++;
    const magnitude = Math.floor((u + t * v) / s);
    const negative = bernoulli(words, 1, 2);
    // zero would otherwise be counted once per sign
    if (negative && magnitude === 0) continue;
    return negative ? -magnitude : magnitude;
  }
}

/** An exact discrete Laplace sampler over `random` (default `crypto.getRandomValues`). */
export function discreteLaplace(random: RandomSource = cryptoRandom): LaplaceSampler {
  const words = new RandomWords(random);
  return ({ num, den }) => {
    if (!Number.isSafeInteger(num) || !Number.isSafeInteger(den) || num < 1 || den < 1)
      throw new RangeError(`a discrete Laplace scale is a ratio of positive integers, got ${num}/${den}`);
    return sampleDiscreteLaplace(words, num, den);
  };
}

/** The discrete Laplace scale Δ/ε that makes an integer query of sensitivity Δ ε-differentially private. */
export const laplaceScale = (sensitivity: number, epsilon: Rational): Rational => {
  if (!Number.isSafeInteger(sensitivity) || sensitivity < 1)
    throw new RangeError(`sensitivity on the grid must be a positive integer, got ${sensitivity}`);
  return { num: sensitivity * epsilon.den, den: epsilon.num };
};

export const toNumber = (r: Rational) => r.num / r.den;

export type GridQuery = { sensitivity: number; epsilon: Rational; granularity: number };

/**
 * Releases `value` with ε-DP on the grid of multiples of `granularity` γ: the value is rounded to
 * the grid and γ·DL(Δ/(γε)) is added. Δ/γ must be a whole number: rounding is monotone and commutes
 * with whole shifts, so the rounded query's sensitivity in grid steps is exactly Δ/γ.
 */
export function laplaceOnGrid(value: number, query: GridQuery, sample: LaplaceSampler): number {
  const steps = query.sensitivity / query.granularity;
  if (Math.abs(steps - Math.round(steps)) > 1e-9)
    throw new RangeError(`sensitivity ${query.sensitivity} is not a whole number of ${query.granularity} steps`);
  const units = Math.round(value / query.granularity) + sample(laplaceScale(Math.round(steps), query.epsilon));
  return units * query.granularity;
}

/** `x` limited to [lo, hi]; NaN (a missing or corrupt value) counts as `lo`. */
export const clamp = (x: number, lo: number, hi: number) => (Number.isNaN(x) ? lo : Math.min(hi, Math.max(lo, x)));

/**
 * Whole non-negative parts, each rounded, whose sum is at most `bound`: parts are scaled down
 * together when their sum is larger (keeping their mix), then the largest give up the rounding excess.
 */
export function clipWhole(parts: readonly number[], bound: number): number[] {
  const clean = parts.map((x) => clamp(x, 0, bound));
  const total = clean.reduce((a, b) => a + b, 0);
  const factor = total > bound ? bound / total : 1;
  const out = clean.map((x) => Math.round(x * factor));
  for (let excess = out.reduce((a, b) => a + b, 0) - bound; excess > 0; excess--) {
    const largest = out.indexOf(Math.max(...out));
    out[largest]!--;
  }
  return out;
}
