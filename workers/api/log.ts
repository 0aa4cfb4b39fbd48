import type { Context } from "hono";

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
export type Level = keyof typeof LEVELS;

/** One JSON line per event, carrying the request id; Workers Logs indexes the fields. */
export function log(c: Context, level: Level, msg: string, fields: Record<string, unknown> = {}): void {
  const threshold = (c.get("config")?.LOG_LEVEL as Level | undefined) ?? "info";
  if (LEVELS[level] < LEVELS[threshold]) return;
  const line = JSON.stringify({ level, msg, requestId: c.get("requestId"), ...fields, at: new Date().toISOString() });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}

/** The same shape for code without a request (queue consumers, cron, actors). */
export function logEvent(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ level, msg, ...fields, at: new Date().toISOString() });
  if (level === "error") console.error(line);
  else console.log(line);
}
