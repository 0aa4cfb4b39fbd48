// Types for what the unit test imports from harness.mjs (tsconfig has no allowJs).
export type Scenario = {
  name: string;
  /** Path (and query) every request of the scenario goes to, unless `requests` name their own. */
  path?: string;
  method?: string;
  requests?: { method?: string; path?: string }[];
  setupClient?: (client: { setHeaders(headers: Record<string, string>): void }) => void;
  [option: string]: unknown;
};
export type Measured = { name: string; requestsPerSec: number; total: number; non2xx: number; errors: number };
export declare function measure(
  url: string,
  scenario: Scenario,
  opts?: { connections?: number; duration?: number; warmup?: number; pgid?: number },
): Promise<Measured>;
export declare function median(xs: number[]): number;
export declare function quantile(sorted: number[], q: number): number;
/** `Server-Timing: actor;dur=3.1, app;dur=4.0` → `{ actor: 3.1, app: 4 }` (entries without `dur` are left out). */
export declare function serverTimings(header: string | undefined): Record<string, number>;
export type TimeSplit = { outside: number; worker: number; actor: number };
export declare function whereTimeWent(
  reads: number[],
  timings: Record<string, number>[],
  minMs: number,
): (TimeSplit & { reads: number; each: TimeSplit[] }) | null;
