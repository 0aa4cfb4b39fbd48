import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { RATE_LIMITS } from "../../workers/ports/ratelimit";
import { ROOT } from "../helpers/source-files";

/** `[[ratelimits]]` blocks of wrangler.toml as name → { limit, period }. */
function bindingLimits(toml: string) {
  const limits = new Map<string, { limit: number; period: number }>();
  for (const block of toml.split(/^\[\[ratelimits\]\]\s*$/m).slice(1)) {
    const body = block.split(/^\[/m)[0]!;
    const name = /^name\s*=\s*"([^"]+)"/m.exec(body)?.[1];
    const simple = /^simple\s*=\s*\{\s*limit\s*=\s*(\d+)\s*,\s*period\s*=\s*(\d+)\s*\}/m.exec(body);
    if (name && simple) limits.set(name, { limit: Number(simple[1]), period: Number(simple[2]) });
  }
  return limits;
}

describe("the rate limits", () => {
  const limits = bindingLimits(readFileSync(path.join(ROOT, "wrangler.toml"), "utf8"));

  it("give the Upstash limiter the per-user numbers of the USER_RATE_LIMITER binding", () => {
    expect(limits.get("USER_RATE_LIMITER")).toEqual({
      limit: RATE_LIMITS.user.limit,
      period: RATE_LIMITS.user.windowSeconds,
    });
  });

  it("give the Upstash limiter the per-IP numbers of the IP_RATE_LIMITER binding", () => {
    expect(limits.get("IP_RATE_LIMITER")).toEqual({
      limit: RATE_LIMITS.ip.limit,
      period: RATE_LIMITS.ip.windowSeconds,
    });
  });
});
