import type { Context } from "hono";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { enabled, log, logEvent, logRejection } from "../../workers/log";

const saved = process.env.LOG_LEVEL as string | undefined;
// worker-configuration.d.ts types LOG_LEVEL as always set, as it is in the Worker; here it may not be
const unsetLevel = () => Reflect.deleteProperty(process.env, "LOG_LEVEL");
let out: { log: string[]; warn: string[]; error: string[] };

beforeEach(() => {
  out = { log: [], warn: [], error: [] };
  for (const stream of ["log", "warn", "error"] as const)
    vi.spyOn(console, stream).mockImplementation((line: string) => void out[stream].push(line));
});

afterEach(() => {
  vi.restoreAllMocks();
  if (saved === undefined) unsetLevel();
  else process.env.LOG_LEVEL = saved;
});

const written = () =>
  [...out.log, ...out.warn, ...out.error].map((line) => JSON.parse(line) as Record<string, unknown>);

/** Every level, least severe first, each once. */
function logEachLevel(): void {
  for (const level of ["debug", "info", "warn", "error"] as const) logEvent(level, `${level} event`);
}

describe("logEvent", () => {
  it("writes nothing below LOG_LEVEL and everything at or above it", () => {
    process.env.LOG_LEVEL = "warn";
    logEachLevel();
    expect(written().map((line) => line.level)).toEqual(["warn", "error"]);
  });

  it("writes every level at debug and only errors at error", () => {
    process.env.LOG_LEVEL = "debug";
    logEachLevel();
    expect(written()).toHaveLength(4);
    out = { log: [], warn: [], error: [] };
    process.env.LOG_LEVEL = "error";
    logEachLevel();
    expect(written().map((line) => line.msg)).toEqual(["error event"]);
  });

  it("uses the configured default, info, when LOG_LEVEL is unset or not a level", () => {
    unsetLevel();
    logEachLevel();
    expect(written().map((line) => line.level)).toEqual(["info", "warn", "error"]);
    out = { log: [], warn: [], error: [] };
    process.env.LOG_LEVEL = "verbose";
    logEachLevel();
    expect(written().map((line) => line.level)).toEqual(["info", "warn", "error"]);
  });

  it("writes one JSON line with its fields to the console method of its level", () => {
    process.env.LOG_LEVEL = "info";
    logEvent("info", "cron done", { cron: "0 * * * *" });
    logEvent("warn", "invalid task message", { id: "m1" });
    logEvent("error", "task failed", { id: "m2" });
    expect(JSON.parse(out.log[0]!)).toMatchObject({ level: "info", msg: "cron done", cron: "0 * * * *" });
    expect(JSON.parse(out.warn[0]!)).toMatchObject({ level: "warn", id: "m1" });
    expect(JSON.parse(out.error[0]!)).toMatchObject({ level: "error", id: "m2" });
    expect(Date.parse(JSON.parse(out.log[0]!).at)).not.toBeNaN();
  });
});

describe("log (with a request)", () => {
  const context = (config: { LOG_LEVEL: string } | undefined) =>
    ({ get: (key: string) => (key === "config" ? config : "req-1") }) as unknown as Context;

  it("follows the request's validated config and carries the request id", () => {
    process.env.LOG_LEVEL = "debug";
    const c = context({ LOG_LEVEL: "error" });
    log(c, "info", "request");
    log(c, "error", "request");
    expect(written()).toEqual([expect.objectContaining({ level: "error", requestId: "req-1" })]);
  });

  it("falls back to LOG_LEVEL before the config is read", () => {
    process.env.LOG_LEVEL = "warn";
    log(context(undefined), "info", "request");
    log(context(undefined), "warn", "request");
    expect(written().map((line) => line.level)).toEqual(["warn"]);
  });
});

describe("enabled", () => {
  it("orders debug < info < warn < error", () => {
    expect(enabled("info", "debug")).toBe(true);
    expect(enabled("debug", "info")).toBe(false);
    expect(enabled("warn", "warn")).toBe(true);
    expect(enabled("warn", "error")).toBe(false);
    expect(enabled("error", "warn")).toBe(true);
  });
});

describe("tolerated rejections", () => {
  it("are logged at warn with the error's message and then resolve to the fallback", async () => {
    process.env.LOG_LEVEL = "info";
    const value = await Promise.reject(new Error("queue unavailable")).catch(
      logRejection("request log not queued", { requestId: "r1" }, null),
    );
    expect(value).toBeNull();
    expect(written()).toEqual([
      expect.objectContaining({
        level: "warn",
        msg: "request log not queued",
        requestId: "r1",
        error: "queue unavailable",
      }),
    ]);
  });

  it("carry a non-Error reason as text", async () => {
    await Promise.reject("gone").catch(logRejection("push failed"));
    expect(written()[0]).toMatchObject({ error: "gone" });
  });

  it("are not written below the threshold", async () => {
    process.env.LOG_LEVEL = "error";
    await Promise.reject(new Error("x")).catch(logRejection("push failed"));
    expect(written()).toEqual([]);
  });
});
