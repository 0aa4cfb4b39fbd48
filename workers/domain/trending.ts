/**
 * Decayed popularity without rewriting every row as time passes. A hit of weight w at time t is
 * stored as w·2^((t − T0)/H) against a fixed epoch T0; every score is then multiplied by the same
 * 2^(−(now − T0)/H) at read time, so the ordering of stored values is the ordering of decayed
 * scores. Values are kept as logarithms so years of growth cannot overflow a double.
 */
export const TREND_EPOCH = Date.UTC(2026, 0, 1);

/** ln(w · 2^((t − T0)/H)) */
export function logWeight(weight: number, at: number, halfLifeMs: number): number {
  return Math.log(weight) + ((at - TREND_EPOCH) / halfLifeMs) * Math.LN2;
}

/** ln(e^a + e^b), stable for large and very different values. */
export function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const max = Math.max(a, b);
  return max + Math.log1p(Math.exp(Math.min(a, b) - max));
}

/** The decayed score at `now` of a stored log value. */
export function scoreAt(logRef: number, now: number, halfLifeMs: number): number {
  return Math.exp(logRef - ((now - TREND_EPOCH) / halfLifeMs) * Math.LN2);
}
