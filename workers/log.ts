import type { Context } from "hono";
import { ConfigSchema, type Config } from "../schemas/config";

export type Level = Config["LOG_LEVEL"];

const LogLevelSchema = ConfigSchema.shape.LOG_LEVEL;
// The schema lists the levels from least to most severe; an event is written at or above the threshold.
const ORDER: readonly Level[] = LogLevelSchema.unwrap().options;

/** Whether an event at `level` is written when the configured threshold is `threshold`. */
export function enabled(level: Level, threshold: Level): boolean {
  return ORDER.indexOf(level) >= ORDER.indexOf(threshold);
}

/**
 * The threshold for code without a request. With `nodejs_compat` (compatibility date ≥ 2025-04-01)
 * workerd fills `process.env` with the Worker's text variables, in the Worker and in every actor, so
 * no call site needs `env`; Node tests set it directly. A value the config schema refuses counts as
 * the default (the app answers 503 for it anyway, and that refusal must still be logged).
 */
function configuredThreshold(): Level {
  const parsed = LogLevelSchema.safeParse(process.env.LOG_LEVEL);
  return parsed.success ? parsed.data : "info";
}

function write(level: Level, line: Record<string, unknown>): void {
  const text = JSON.stringify(line);
  if (level === "error") console.error(text);
  else if (level === "warn") console.warn(text);
  else console.log(text);
}

/** One JSON line per event, carrying the request id; Workers Logs indexes the fields. */
export function log(c: Context, level: Level, msg: string, fields: Record<string, unknown> = {}): void {
  const threshold = (c.get("config") as Config | undefined)?.LOG_LEVEL ?? configuredThreshold();
  if (!enabled(level, threshold)) return;
  write(level, { level, msg, requestId: c.get("requestId"), ...fields, at: new Date().toISOString() });
}

/** The same shape for code without a request (queue consumers, cron, actors), under `LOG_LEVEL`. */
export function logEvent(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
  if (!enabled(level, configuredThreshold())) return;
  write(level, { level, msg, ...fields, at: new Date().toISOString() });
}

/** The message of anything thrown, for a log field (a rejection need not be an `Error`). */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A `.catch` handler for a failure the caller deliberately tolerates (a best-effort push, a log
 * message, a write to a client that left): it is not rethrown, but it is never silent either. The
 * promise then resolves to `fallback`.
 */
export function logRejection<T = undefined>(
  msg: string,
  fields: Record<string, unknown> = {},
  fallback?: T,
): (error: unknown) => T {
  return (error) => {
    logEvent("warn", msg, { ...fields, error: errorMessage(error) });
    return fallback as T;
  };
}
