import { spawn, spawnSync } from "node:child_process";
import { startUpstashRedisServer } from "../../scripts/upstash-redis-server.mjs";
import { freePort } from "../../scripts/lib/free-port.mjs";

/**
 * A throwaway redis-server (no persistence) behind the Upstash REST protocol, for the tests of the
 * Upstash adapters. Debian's `redis-server` is what CI installs; on a machine without it the
 * tests skip, unless REQUIRE_REDIS=1 makes that a failure.
 */
export type RedisRest = { url: string; token: string; close(): Promise<void> };

export const REDIS_SERVER = process.env.REDIS_SERVER ?? "redis-server";
export const REQUIRE_REDIS = process.env.REQUIRE_REDIS === "1";

export const redisServerInstalled = () => spawnSync(REDIS_SERVER, ["--version"]).status === 0;

/** What to say when redis-server is missing: a skip on a developer's machine, a failure where it is required. */
export const missingRedis = (required: boolean) =>
  required
    ? `${REDIS_SERVER} is not installed and REQUIRE_REDIS=1: the Upstash Redis tests must run (apt-get install redis-server)`
    : `${REDIS_SERVER} is not installed: the Upstash Redis tests are skipped ` +
      "(apt-get install redis-server to run them; REQUIRE_REDIS=1 makes this a failure, as in CI)";

/** Starts redis-server on a free port and resolves once it accepts connections. */
async function startRedisServer(): Promise<{ address: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(
    REDIS_SERVER,
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start in 10 s:\n${output}`)), 10_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Ready to accept connections")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}:\n${output}`));
    });
  });
  child.stdout.removeAllListeners("data");
  child.stderr.removeAllListeners("data");
  child.removeAllListeners("exit");
  return {
    address: `127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** redis-server plus the REST server in front of it, with a random token. */
export async function startRedisRest(): Promise<RedisRest> {
  const redis = await startRedisServer();
  const token = crypto.randomUUID();
  try {
    const rest = await startUpstashRedisServer({ redis: redis.address, token });
    return {
      url: rest.url,
      token,
      close: async () => {
        await rest.close();
        await redis.stop();
      },
    };
  } catch (err) {
    await redis.stop();
    throw err;
  }
}
