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
  return updateTasteMany(taste, [{ vector: item, weight, at }], halfLives)!;
}

export type TasteStep = { vector: ArrayLike<number>; weight: number; at: number };

/**
 * A vector as a plain array, element by element, each times `scale`. `Array.from` and the typed
 * arrays' `from` walk an iterator and allocate a result per element (6.1 µs for 384 floats in Node,
 * against 0.5 µs for this loop).
 */
export function toNumbers(v: ArrayLike<number>, scale = 1): number[] {
  const out = new Array<number>(v.length);
  for (let i = 0; i < v.length; i++) out[i] = scale * v[i]!;
  return out;
}

/**
 * `updateTaste` for each step in turn, in one buffer: a batch of 500 events allocates one vector
 * instead of 500. The arithmetic and its order are the same, so the result is identical.
 */
export function updateTasteMany(taste: Taste | null, steps: TasteStep[], halfLives: HalfLives): Taste | null {
  let i = 0;
  if (!taste) {
    const first = steps[i++];
    if (!first) return null;
    const sign = Math.sign(first.weight);
    taste = { vector: toNumbers(first.vector, sign), updatedAt: first.at };
  }
  if (i === steps.length) return taste;
  const vector = new Float64Array(taste.vector.length);
  vector.set(taste.vector);
  let updatedAt = taste.updatedAt;
  for (; i < steps.length; i++) {
    const { vector: item, weight, at } = steps[i]!;
    const hours = Math.max(0, at - updatedAt) / 3_600_000;
    const fade = 0.5 ** (hours / halfLives.hours);
    const alpha = 1 - 0.5 ** (Math.abs(weight) / halfLives.events);
    const sign = Math.sign(weight);
    const keep = (1 - alpha) * fade;
    const pull = sign * alpha;
    for (let d = 0; d < vector.length; d++) vector[d] = keep * vector[d]! + pull * (item[d] ?? 0);
    updatedAt = Math.max(at, updatedAt);
  }
  return { vector: toNumbers(vector), updatedAt };
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
