import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { planPostgres } from "./test/helpers/setup-postgres";

const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations/d1"));
// the HYPERDRIVE binding needs its local connection string when miniflare starts, so the port of the
// throwaway Postgres (started by setup-postgres.ts) is chosen here; no binding when Postgres is missing
const postgresUrl = await planPostgres();
// postgres.js inside workerd rejects these after a socket it closed is torn down (PLATFORM-NOTES)
const SOCKET_TEARDOWN = new Set(["Stream was cancelled.", "This socket has been closed."]);

export default defineConfig({
  // @elastic/transport's undici cannot load in workerd; the adapters use FetchConnection (undici-stub.cjs)
  resolve: { alias: { undici: path.join(import.meta.dirname, "workers/ports/vectors/undici-stub.cjs") } },
  test: {
    onUnhandledError: (error) => !SOCKET_TEARDOWN.has(error.message),
    projects: [
      {
        test: { name: "unit", include: ["test/unit/**/*.test.ts"], environment: "node" },
      },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: {
                TEST_MIGRATIONS: migrations,
                ENVIRONMENT: "test",
                LOG_LEVEL: "error",
                ERASURE_SWEEP_DELAY_SECONDS: "2",
                OFFLINE_TOKENS_PER_SECOND: "0",
              },
              // small limits so the 429 path is reachable; tests use their own user ids and IPs
              ratelimits: {
                USER_RATE_LIMITER: { namespace_id: "1001", simple: { limit: 40, period: 60 } },
                IP_RATE_LIMITER: { namespace_id: "1002", simple: { limit: 300, period: 60 } },
              },
              ...(postgresUrl ? { hyperdrives: { HYPERDRIVE: postgresUrl } } : {}),
            },
          }),
        ],
        test: {
          name: "workers",
          testTimeout: 20_000,
          include: ["test/integration/**/*.test.ts"],
          setupFiles: ["./test/helpers/apply-migrations.ts"],
          globalSetup: [
            "./test/helpers/global-setup.ts",
            "./test/helpers/setup-postgres.ts",
            "./test/helpers/setup-kafka.ts",
            "./test/helpers/setup-search.ts",
            "./test/helpers/setup-redis.ts",
          ],
        },
      },
    ],
  },
});
