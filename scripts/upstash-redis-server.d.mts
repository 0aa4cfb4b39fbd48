// Types for the server the test setup imports from upstash-redis-server.mjs (tsconfig has no allowJs).
export type UpstashRedisServer = { url: string; close(): Promise<void> };
/** `redis` is "host:port" of a running redis-server; `port` 0 picks a free one. */
export declare function startUpstashRedisServer(options: {
  redis: string;
  token: string;
  port?: number;
  host?: string;
}): Promise<UpstashRedisServer>;
