import type { EventType } from "../../schemas/events";

/**
 * How strongly each action says "more like this". Purchases weigh most; a dismissal pushes the
 * taste away from the item. Search queries are embedded and blended like a strong view.
 */
export const EVENT_WEIGHTS: Record<EventType, number> = {
  view: 1,
  search: 1.5,
  click: 2,
  add_to_cart: 4,
  purchase: 6,
  dismiss: -3,
};

export type Taste = { vector: number[]; updatedAt: number };
export type HalfLives = { events: number; hours: number };

/**
 * One step of the preference EMA. First the old taste fades with time (half-life in hours), so a
 * returning user's new actions count for more; then it moves toward the item by
 * α = 1 − 0.5^(|w| / halfLifeEvents), so `halfLifeEvents` views halve the weight of the past.
 * A negative weight moves it away by the same rule. Only the direction matters to k-NN.
 */
export function updateTaste(
  taste: Taste | null,
  item: ArrayLike<number>,
  weight: number,
  at: number,
  halfLives: HalfLives,
): Taste {
  if (!taste) return { vector: Array.from(item, (v) => Math.sign(weight) * v), updatedAt: at };
  const hours = Math.max(0, at - taste.updatedAt) / 3_600_000;
  const fade = 0.5 ** (hours / halfLives.hours);
  const alpha = 1 - 0.5 ** (Math.abs(weight) / halfLives.events);
  const sign = Math.sign(weight);
  const vector = taste.vector.map((v, i) => (1 - alpha) * fade * v + sign * alpha * (item[i] ?? 0));
  return { vector, updatedAt: Math.max(at, taste.updatedAt) };
}

export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** The recent positive interaction a candidate is most similar to: the "because you viewed X". */
export function closestTo<T extends { vector: ArrayLike<number> }>(
  candidate: ArrayLike<number>,
  recent: T[],
): T | undefined {
  let best: T | undefined;
  let bestScore = -Infinity;
  for (const r of recent) {
    const score = cosineSimilarity(candidate, r.vector);
    if (score > bestScore) [best, bestScore] = [r, score];
  }
  return best;
}
