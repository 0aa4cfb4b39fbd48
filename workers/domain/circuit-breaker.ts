/**
 * A per-provider circuit breaker: after `threshold` consecutive failures the circuit opens and
 * calls are refused for `cooldownMs`; then one trial call is let through (half-open) and its
 * outcome closes or re-opens the circuit. Time is passed in, so the logic is pure and testable.
 */
export type BreakerState = "closed" | "open" | "half-open";
export type BreakerOptions = { threshold: number; cooldownMs: number };

export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private trialInFlight = false;
  private opened = false;

  constructor(private readonly options: BreakerOptions) {}

  state(now: number): BreakerState {
    if (!this.opened) return "closed";
    return now - this.openedAt >= this.options.cooldownMs ? "half-open" : "open";
  }

  /** Whether a call may go out now; in half-open only the first caller gets through. */
  tryAcquire(now: number): boolean {
    const state = this.state(now);
    if (state === "closed") return true;
    if (state === "open" || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  /** For health pages: the state now and how many failures in a row led to it. */
  snapshot(now: number): { state: BreakerState; consecutiveFailures: number; openedAt: number | null } {
    return { state: this.state(now), consecutiveFailures: this.failures, openedAt: this.opened ? this.openedAt : null };
  }

  onSuccess(): void {
    this.failures = 0;
    this.opened = false;
    this.trialInFlight = false;
  }

  onFailure(now: number): void {
    this.trialInFlight = false;
    this.failures++;
    if (this.opened || this.failures >= this.options.threshold) {
      this.opened = true;
      this.openedAt = now;
    }
  }
}
