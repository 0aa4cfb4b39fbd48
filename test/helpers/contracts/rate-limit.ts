import { describe, expect, it } from "vitest";
import type { RateLimiter } from "../../../workers/ports/ratelimit";
import { uniqueId } from "../api";

/** One rate-limiter adapter as the contract sees it: `limit` calls per fixed window of `windowSeconds`. */
export type LimiterUnderTest = { make(): RateLimiter; limit: number; windowSeconds: number };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Both adapters count in fixed windows aligned to the epoch (the binding's simulator and
 * @upstash/ratelimit's fixedWindow alike). A test that must stay inside one window starts in a
 * fresh one when less than `needMs` is left of the current window.
 */
async function roomInWindow(windowSeconds: number, needMs: number) {
  const windowMs = windowSeconds * 1000;
  const left = windowMs - (Date.now() % windowMs);
  if (left < needMs) await sleep(left + 20);
}

async function exhaust(limiter: RateLimiter, key: string, calls: number) {
  const results = [];
  for (let i = 0; i < calls; i++) results.push(await limiter.limit(key));
  return results;
}

/** The behaviour every rate-limiter adapter shares (issue #18, item 7). */
export function rateLimitContract(name: string, subject: LimiterUnderTest | null) {
  describe.skipIf(!subject)(`the rate-limit contract: ${name}`, () => {
    const room = () => roomInWindow(subject!.windowSeconds, Math.min(2000, subject!.windowSeconds * 400));

    it("allows as many calls as the limit within one window", async () => {
      await room();
      const results = await exhaust(subject!.make(), uniqueId("rl"), subject!.limit);
      expect(results.every((r) => r.success)).toBe(true);
    });

    it("refuses the call after the limit with a retry-after inside the window", async () => {
      await room();
      const limiter = subject!.make();
      const key = uniqueId("rl");
      await exhaust(limiter, key, subject!.limit);
      const refused = await limiter.limit(key);
      expect(refused.success).toBe(false);
      expect(refused.retryAfterSeconds).toBeGreaterThan(0);
      expect(refused.retryAfterSeconds).toBeLessThanOrEqual(subject!.windowSeconds);
    });

    it("keeps keys apart: one key's refusals leave another key's allowance untouched", async () => {
      await room();
      const limiter = subject!.make();
      const spent = uniqueId("rl");
      await exhaust(limiter, spent, subject!.limit + 1);
      expect((await limiter.limit(uniqueId("rl"))).success).toBe(true);
    });

    // the binding's windows are 10 or 60 s, longer than a test may wait
    it.runIf(subject && subject.windowSeconds <= 3)("allows a refused key again in the next window", async () => {
      await room();
      const limiter = subject!.make();
      const key = uniqueId("rl");
      await exhaust(limiter, key, subject!.limit);
      expect((await limiter.limit(key)).success).toBe(false);
      await roomInWindow(subject!.windowSeconds, subject!.windowSeconds * 1000);
      expect((await limiter.limit(key)).success).toBe(true);
    });
  });
}
