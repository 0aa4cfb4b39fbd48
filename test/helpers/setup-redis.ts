import type { TestProject } from "vitest/node";
import { REQUIRE_REDIS, missingRedis, redisServerInstalled, startRedisRest } from "./redis-server";

declare module "vitest" {
  export interface ProvidedContext {
    /** The Upstash REST protocol over a real redis-server, or null when redis-server is not installed. */
    redisRest: { url: string; token: string } | null;
  }
}

/** Global setup for the Upstash Redis adapter tests (issue #18): redis-server behind the REST protocol. */
export default async function setup(project: TestProject) {
  if (!redisServerInstalled()) {
    if (REQUIRE_REDIS) throw new Error(missingRedis(true));
    console.warn(`\n⚠ ${missingRedis(false)}\n`);
    project.provide("redisRest", null);
    return () => {};
  }
  const rest = await startRedisRest();
  project.provide("redisRest", { url: rest.url, token: rest.token });
  return () => rest.close();
}
