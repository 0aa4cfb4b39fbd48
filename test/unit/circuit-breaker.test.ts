import { describe, expect, it } from "vitest";
import { CircuitBreaker } from "../../workers/domain/circuit-breaker";

const THRESHOLD = 3;
const COOLDOWN = 1_000;

const breaker = () => new CircuitBreaker({ threshold: THRESHOLD, cooldownMs: COOLDOWN });

/** A breaker whose last failure, the one that opened it, happened at `at`. */
function openedAt(at: number): CircuitBreaker {
  const b = breaker();
  for (let i = 0; i < THRESHOLD; i++) b.onFailure(at);
  return b;
}

describe("CircuitBreaker", () => {
  it("starts closed and lets calls through", () => {
    const b = breaker();
    expect(b.state(0)).toBe("closed");
    expect(b.tryAcquire(0)).toBe(true);
    expect(b.tryAcquire(0)).toBe(true);
  });

  it("stays closed one failure short of the threshold", () => {
    const b = breaker();
    for (let i = 0; i < THRESHOLD - 1; i++) b.onFailure(i);
    expect(b.state(10)).toBe("closed");
    expect(b.tryAcquire(10)).toBe(true);
  });

  it("opens on the threshold-th consecutive failure", () => {
    expect(openedAt(0).state(0)).toBe("open");
  });

  it("forgets earlier failures after a success", () => {
    const b = breaker();
    for (let i = 0; i < THRESHOLD - 1; i++) b.onFailure(0);
    b.onSuccess();
    for (let i = 0; i < THRESHOLD - 1; i++) b.onFailure(0);
    expect(b.state(0)).toBe("closed");
  });

  it("refuses every call while open, up to the end of the cooldown", () => {
    const b = openedAt(5_000);
    for (const now of [5_000, 5_500, 5_000 + COOLDOWN - 1]) {
      expect(b.state(now)).toBe("open");
      expect(b.tryAcquire(now)).toBe(false);
    }
  });

  it("turns half-open once the cooldown has elapsed", () => {
    expect(openedAt(5_000).state(5_000 + COOLDOWN)).toBe("half-open");
  });

  it("lets exactly one trial call through when half-open", () => {
    const b = openedAt(0);
    expect(b.tryAcquire(COOLDOWN)).toBe(true);
    expect(b.tryAcquire(COOLDOWN)).toBe(false);
    expect(b.tryAcquire(COOLDOWN + 10_000)).toBe(false);
  });

  it("closes when the trial call succeeds", () => {
    const b = openedAt(0);
    b.tryAcquire(COOLDOWN);
    b.onSuccess();
    expect(b.state(COOLDOWN)).toBe("closed");
    expect(b.tryAcquire(COOLDOWN)).toBe(true);
    expect(b.tryAcquire(COOLDOWN)).toBe(true);
  });

  it("needs a full threshold of failures to open again after a successful trial", () => {
    const b = openedAt(0);
    b.tryAcquire(COOLDOWN);
    b.onSuccess();
    for (let i = 0; i < THRESHOLD - 1; i++) b.onFailure(COOLDOWN);
    expect(b.state(COOLDOWN)).toBe("closed");
  });

  it("re-opens for a new cooldown, counted from the failure, when the trial fails", () => {
    const b = openedAt(0);
    const failedAt = COOLDOWN + 200;
    b.tryAcquire(COOLDOWN);
    b.onFailure(failedAt);
    expect(b.state(failedAt)).toBe("open");
    expect(b.tryAcquire(failedAt + COOLDOWN - 1)).toBe(false);
    expect(b.state(failedAt + COOLDOWN)).toBe("half-open");
    expect(b.tryAcquire(failedAt + COOLDOWN)).toBe(true);
  });
});
