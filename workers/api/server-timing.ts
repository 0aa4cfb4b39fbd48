import type { Context } from "hono";

/** One `Server-Timing` entry (https://www.w3.org/TR/server-timing/): a name and milliseconds. */
export const serverTiming = (name: string, ms: number) => `${name};dur=${ms.toFixed(1)}`;

/**
 * Awaits `work` and adds its wall time to the response's `Server-Timing` header under `name`, so a
 * client (browser devtools, the benchmarks) can tell the time spent in an actor from the rest.
 * Workers' clocks move at I/O, which is what this measures: the wait for the call's answer.
 */
export async function timed<T>(c: Context, name: string, work: PromiseLike<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work;
  } finally {
    c.header("Server-Timing", serverTiming(name, performance.now() - started), { append: true });
  }
}
