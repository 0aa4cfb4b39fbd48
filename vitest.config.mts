import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations/d1"));

export default defineConfig({
  test: {
    projects: [
      {
        test: { name: "unit", include: ["test/unit/**/*.test.ts"], environment: "node" },
      },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: { TEST_MIGRATIONS: migrations, ENVIRONMENT: "test", LOG_LEVEL: "error" },
              // small limits so the 429 path is reachable; tests use their own user ids and IPs
              ratelimits: {
                USER_RATE_LIMITER: { namespace_id: "1001", simple: { limit: 40, period: 60 } },
                IP_RATE_LIMITER: { namespace_id: "1002", simple: { limit: 300, period: 60 } },
              },
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
