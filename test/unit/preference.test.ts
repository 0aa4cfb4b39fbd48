import { describe, expect, it } from "vitest";
import {
  EVENT_WEIGHTS,
  closestTo,
  cosineSimilarity,
  updateTaste,
  updateTasteMany,
} from "../../workers/domain/preference";
import { TREND_EPOCH, logAddExp, logWeight, scoreAt } from "../../workers/domain/trending";
import { dayKey, priceDrop, priceDropMessage } from "../../workers/domain/price-drop";

const H = { events: 6, hours: 72 };
const A = [1, 0, 0];
const B = [0, 1, 0];

describe("event weights", () => {
  it("order view < click < add_to_cart < purchase, and dismiss is negative", () => {
    const w = EVENT_WEIGHTS;
    expect(w.view).toBeLessThan(w.click);
    expect(w.click).toBeLessThan(w.add_to_cart);
    expect(w.add_to_cart).toBeLessThan(w.purchase);
    expect(w.dismiss).toBeLessThan(0);
  });
});

describe("the taste EMA", () => {
  it("gives a batch of steps exactly what one step at a time by the formula gives", () => {
    // the formula written out, one fresh array per step, as the actor applied events before batching
    const reference = (
      steps: { vector: number[]; weight: number; at: number }[],
    ): { vector: number[]; updatedAt: number } | null => {
      let t: { vector: number[]; updatedAt: number } | null = null;
      for (const { vector, weight, at } of steps) {
        if (!t) {
          t = { vector: vector.map((v) => Math.sign(weight) * v), updatedAt: at };
          continue;
        }
        const fade: number = 0.5 ** (Math.max(0, at - t.updatedAt) / 3_600_000 / H.hours);
        const alpha = 1 - 0.5 ** (Math.abs(weight) / H.events);
        const prev: number[] = t.vector;
        t = {
          vector: prev.map((v, i) => (1 - alpha) * fade * v + Math.sign(weight) * alpha * (vector[i] ?? 0)),
          updatedAt: Math.max(at, t.updatedAt),
        };
      }
      return t;
    };
    const steps = Array.from({ length: 40 }, (_, i) => ({
      vector: [Math.sin(i), Math.cos(i * 1.7), (i % 5) / 5 - 0.4],
      weight: [1, 2, 4, -3, 6][i % 5]!,
      at: 1_000 + i * 1_800_000 - (i % 3) * 900_000,
    }));
    expect(updateTasteMany(null, steps, H)).toEqual(reference(steps));
    const start = { vector: [0.2, -0.1, 0.5], updatedAt: 0 };
    expect(updateTasteMany(start, steps, H)).toEqual(
      reference([{ vector: [0.2, -0.1, 0.5], weight: 1, at: 0 }, ...steps]),
    );
    expect(updateTasteMany(null, [], H)).toBeNull();
    expect(updateTasteMany(start, [], H)).toBe(start);
  });

  it("starts at the first item's direction", () => {
    expect(updateTaste(null, A, EVENT_WEIGHTS.view, 0, H).vector).toEqual(A);
  });

  it("moves toward an item by 1 − 0.5^(w / half-life)", () => {
    const t = updateTaste({ vector: A, updatedAt: 0 }, B, 6, 0, H);
    expect(t.vector[0]).toBeCloseTo(0.5, 10);
    expect(t.vector[1]).toBeCloseTo(0.5, 10);
  });

  it("moves further for a heavier action", () => {
    const base = { vector: A, updatedAt: 0 };
    const moved = (w: number) => cosineSimilarity(updateTaste(base, B, w, 0, H).vector, B);
    expect(moved(EVENT_WEIGHTS.view)).toBeLessThan(moved(EVENT_WEIGHTS.click));
    expect(moved(EVENT_WEIGHTS.click)).toBeLessThan(moved(EVENT_WEIGHTS.add_to_cart));
    expect(moved(EVENT_WEIGHTS.add_to_cart)).toBeLessThan(moved(EVENT_WEIGHTS.purchase));
  });

  it("a dismissal pushes the taste away from the item", () => {
    const start = { vector: [0.8, 0.6, 0], updatedAt: 0 };
    const after = updateTaste(start, B, EVENT_WEIGHTS.dismiss, 0, H);
    expect(cosineSimilarity(after.vector, B)).toBeLessThan(cosineSimilarity(start.vector, B));
  });

  it("lets old taste fade with time, so the same action counts for more after a long gap", () => {
    const start = { vector: A, updatedAt: 0 };
    const soon = updateTaste(start, B, 1, 60_000, H);
    const later = updateTaste(start, B, 1, 72 * 3_600_000, H);
    expect(cosineSimilarity(later.vector, B)).toBeGreaterThan(cosineSimilarity(soon.vector, B));
  });

  it("never moves the clock backwards for a late-arriving event", () => {
    expect(updateTaste({ vector: A, updatedAt: 1000 }, B, 1, 10, H).updatedAt).toBe(1000);
  });

  it("picks the recent item closest to a candidate as the reason", () => {
    const recent = [
      { id: "a", vector: A },
      { id: "b", vector: B },
    ];
    expect(closestTo([0.1, 0.9, 0], recent)?.id).toBe("b");
    expect(closestTo([0.1, 0.9, 0], [])).toBeUndefined();
  });
});

describe("decayed trending scores", () => {
  const h = 3_600_000;

  it("halves a hit's score after one half-life", () => {
    const ref = logWeight(4, TREND_EPOCH + 10 * h, h);
    expect(scoreAt(ref, TREND_EPOCH + 11 * h, h)).toBeCloseTo(2, 9);
  });

  it("adds hits in log space without overflow years later", () => {
    const at = TREND_EPOCH + 5 * 365 * 24 * h;
    const sum = logAddExp(logWeight(1, at, h), logWeight(3, at, h));
    expect(Number.isFinite(sum)).toBe(true);
    expect(scoreAt(sum, at, h)).toBeCloseTo(4, 6);
  });

  it("ranks a recent hit above an older, equal one", () => {
    expect(logWeight(1, TREND_EPOCH + 2 * h, h)).toBeGreaterThan(logWeight(1, TREND_EPOCH + h, h));
  });
});

describe("price drops", () => {
  it.each([
    [100, 95, 5, 5],
    [100, 90, 5, 10],
    [19.99, 18.99, 5, 5],
  ])("%d → %d is a drop at a %d%% threshold", (from, to, threshold, percent) => {
    expect(priceDrop(from, to, threshold)?.percent).toBeCloseTo(percent, 1);
  });

  it.each([
    [100, 96, 5],
    [100, 100, 5],
    [100, 120, 5],
    [0, 0, 5],
  ])("%d → %d is not a drop at %d%%", (from, to, threshold) => {
    expect(priceDrop(from, to, threshold)).toBeNull();
  });

  it("keys notifications by UTC day", () => {
    expect(dayKey(Date.UTC(2026, 10, 23, 23, 59))).toBe("2026-11-23");
  });

  it("writes the message in the user's language", () => {
    expect(priceDropMessage("ko", "무선 키보드", 50000, 45000, 10).title).toBe("가격 인하: 무선 키보드");
    expect(priceDropMessage("en", "Keyboard", 50, 45, 10).body).toBe("50 → 45 (10% off)");
  });
});
