import type { RateLimiter } from ".";

/**
 * The Workers Rate Limiting binding: counted at the edge location in fixed windows (wrangler.toml
 * [[ratelimits]], 10 or 60 s). It answers only success, so a refused caller is told to wait a window.
 */
export class BindingRateLimiter implements RateLimiter {
  constructor(
    private readonly binding: RateLimit,
    private readonly windowSeconds: number,
  ) {}

  async limit(key: string) {
    const { success } = await this.binding.limit({ key });
    return success ? { success } : { success, retryAfterSeconds: this.windowSeconds };
  }
}
