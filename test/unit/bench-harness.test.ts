import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { measure, median, serverTimings, whereTimeWent } from "../../scripts/bench/harness.mjs";

// The benchmarks' ratios are only as good as their baselines: every request must reach the route a
// scenario names. A local server records what the load generator really asked for.
describe("bench harness: measure()", () => {
  const seen = new Map<string, number>();
  let lastAt = 0;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const key = `${req.method} ${req.url} ${req.headers.authorization ?? "-"}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
      lastAt = Date.now();
      res.end("{}");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const run = async (scenario: Parameters<typeof measure>[1]) => {
    // requests of the previous run may still arrive after it returned: start from a quiet server
    while (Date.now() - lastAt < 100) await new Promise((resolve) => setTimeout(resolve, 50));
    seen.clear();
    const result = await measure(url, scenario, { connections: 2, duration: 0.3, warmup: 0 });
    expect(result.total).toBeGreaterThan(0);
    return [...seen.keys()];
  };

  it("sends every request of a scenario to its top-level path, query included", async () => {
    expect(await run({ name: "me", path: "/v1/me" })).toEqual(["GET /v1/me -"]);
    expect(await run({ name: "recs", path: "/v1/recommendations?limit=10" })).toEqual([
      "GET /v1/recommendations?limit=10 -",
    ]);
  });

  it("keeps per-connection headers set by setupClient", async () => {
    let next = 0;
    const keys = await run({
      name: "me, two users",
      path: "/v1/me",
      setupClient: (client) => client.setHeaders({ authorization: `Bearer u${next++}` }),
    });
    expect(keys.sort()).toEqual(["GET /v1/me Bearer u0", "GET /v1/me Bearer u1"]);
  });

  it("refuses a scenario that names no route instead of loading the start page", async () => {
    await expect(measure(url, { name: "nowhere" }, { duration: 0.1, warmup: 0 })).rejects.toThrow(/names no path/);
  });

  it("still lets each entry of `requests` name its own path and method", async () => {
    expect(await run({ name: "events", requests: [{ method: "POST", path: "/v1/events" }] })).toEqual([
      "POST /v1/events -",
    ]);
  });
});

describe("bench harness: median()", () => {
  it("takes the middle value whatever the order, and the mean of the two middle ones for an even count", () => {
    expect(median([0.83, 0.4, 0.62])).toBe(0.62);
    expect(median([0.7, 0.5, 0.9, 0.6])).toBeCloseTo(0.65, 12);
    expect(median([3])).toBe(3);
  });

  it("does not reorder the caller's list", () => {
    const xs = [3, 1, 2];
    median(xs);
    expect(xs).toEqual([3, 1, 2]);
  });

  it("refuses an empty list instead of answering NaN", () => {
    expect(() => median([])).toThrow(/empty/);
  });
});

describe("bench harness: Server-Timing", () => {
  it("reads each entry's duration and ignores entries without one", () => {
    expect(serverTimings('actor;dur=3.1, app;desc="the Worker";dur=4.0, miss, cache;desc=hit')).toEqual({
      actor: 3.1,
      app: 4,
    });
    expect(serverTimings(undefined)).toEqual({});
  });

  it("splits the slow reads' time into outside the Worker, in the Worker and in the actor call", () => {
    const reads = [5, 30, 40, 50];
    const timings: Record<string, number>[] = [{ app: 4, actor: 3 }, { app: 6, actor: 5 }, { app: 35, actor: 33 }, {}];
    const split = whereTimeWent(reads, timings, 25);
    // the read without timings (say, an error page) cannot be split and is left out
    expect(split?.reads).toBe(2);
    expect(split?.each).toEqual([
      { outside: 24, worker: 1, actor: 5 },
      { outside: 5, worker: 2, actor: 33 },
    ]);
    expect(split).toMatchObject({ outside: 24, worker: 2, actor: 33 });
    expect(whereTimeWent(reads, timings, 100)).toBeNull();
  });
});
